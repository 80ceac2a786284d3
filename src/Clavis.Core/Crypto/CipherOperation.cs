using Clavis.Core.Keys;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>An Encrypt or Decrypt request, whichever payload it came in.</summary>
internal sealed record CipherRequest(
    Operation Operation,
    bool Encrypt,
    string? UniqueIdentifier,
    CryptographicParameters? Parameters,
    byte[]? Data,
    byte[]? Iv,
    byte[]? Correlation,
    bool? Init,
    bool? Final,
    byte[]? AssociatedData,
    byte[]? Tag);

/// <summary>What an Encrypt or Decrypt request gives back.</summary>
internal sealed record CipherResult(string ObjectId, byte[] Data, byte[]? Iv, byte[]? Correlation, byte[]? Tag);

/// <summary>
/// Encrypt and Decrypt, one call or streamed (KMIP 2.1 §6.1.18, §6.1.16): every part goes through
/// <see cref="KeyUse"/>, the cipher is chosen by <see cref="EncryptionDispatch"/>, and a stream's cipher waits in
/// the <see cref="CryptoStreamRegistry"/> between parts.
/// </summary>
internal static class CipherOperation
{
    public static async ValueTask<CipherResult> RunAsync(CipherRequest request, OperationContext context, CryptoStreamRegistry streams, CancellationToken cancellationToken)
    {
        ProtocolVersion version = context.Version;
        StreamPart part = StreamParts.Of(request.Correlation, request.Init, request.Final, request.Operation, version);
        if (request.Data is null && part == StreamPart.Whole)
        {
            throw CryptoFailure.InvalidField($"{request.Operation} needs Data", version);
        }

        byte[] data = request.Data ?? [];
        if (part is StreamPart.Middle or StreamPart.Last)
        {
            return await ContinueAsync(request, part, data, context, streams, cancellationToken).ConfigureAwait(false);
        }

        using UsableKey key = await AcquireAsync(request, request.UniqueIdentifier, data.Length, continuesStream: false, context, cancellationToken).ConfigureAwait(false);
        CryptographicParameters parameters = CryptographicParametersSource.Resolve(request.Parameters, key.Object, version);
        DataCipher cipher = EncryptionDispatch.Create(new EncryptionDispatch.Request(
            key, parameters, request.Iv, request.AssociatedData, request.Encrypt, streams.Options.MaxBufferedBytes, request.Operation, version)
        {
            EndsWithinMessage = part == StreamPart.Whole,
        });
        if (part == StreamPart.Whole)
        {
            using (cipher)
            {
                DataCipherOutput output = cipher.Final(data, request.Tag);
                CheckTagCanBeReturned(output, version);
                return new CipherResult(key.Object.Id, output.Data, cipher.GeneratedIv, null, output.Tag);
            }
        }

        try
        {
            byte[] first = cipher.Update(data);
            byte[] correlation = streams.Start(context, request.Operation, key.Object.Id, cipher);
            return new CipherResult(key.Object.Id, first, cipher.GeneratedIv, correlation, null);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }
    }

    private static async ValueTask<CipherResult> ContinueAsync(CipherRequest request, StreamPart part, byte[] data, OperationContext context, CryptoStreamRegistry streams, CancellationToken cancellationToken)
    {
        CryptoStream stream = streams.Take(context, request.Operation, request.Correlation!, request.UniqueIdentifier);
        bool keep = false;
        try
        {
            // Every part checks the key again: a key revoked, deactivated or past its dates mid-stream ends the stream.
            using UsableKey key = await AcquireAsync(request, stream.ObjectId, data.Length, continuesStream: true, context, cancellationToken).ConfigureAwait(false);
            var cipher = (DataCipher)stream.State;
            if (part == StreamPart.Middle)
            {
                byte[] output = cipher.Update(data);
                streams.Return(stream, context.Now);
                keep = true;
                return new CipherResult(key.Object.Id, output, null, request.Correlation, null);
            }

            DataCipherOutput last = cipher.Final(data, request.Tag);
            CheckTagCanBeReturned(last, context.Version);
            return new CipherResult(key.Object.Id, last.Data, null, null, last.Tag);
        }
        finally
        {
            if (!keep)
            {
                stream.Dispose();
            }
        }
    }

    private static ValueTask<UsableKey> AcquireAsync(CipherRequest request, string? id, long length, bool continuesStream, OperationContext context, CancellationToken cancellationToken)
    {
        // The audit record says how much data this use processed (never the data itself).
        context.Audit.DataSize = length;
        return request.Encrypt
            ? KeyUse.AcquireAsync(context, id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, EncryptionDispatch.EncryptKeyTypes, length, cancellationToken, continuesStream, readOnly: true)
            : KeyUse.AcquireAsync(context, id, Operation.Decrypt, CryptographicUsageMask.Decrypt, KeyPurpose.Process, EncryptionDispatch.DecryptKeyTypes, length, cancellationToken, continuesStream, readOnly: true);
    }

    private static void CheckTagCanBeReturned(DataCipherOutput output, ProtocolVersion version)
    {
        if (output.Tag is not null && version < ProtocolVersion.V1_4)
        {
            // KMIP 1.4 added Authenticated Encryption Tag; an older client could not receive the tag, so its
            // ciphertext would be undecryptable.
            throw CryptoFailure.BadParameters($"GCM needs KMIP 1.4 or later, whose Encrypt response carries the Authenticated Encryption Tag; this request is {version}", version);
        }
    }
}
