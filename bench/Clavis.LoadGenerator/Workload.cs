using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.LoadGenerator;

/// <summary>Turns an operation into request messages, creating on the server what they need (the key to Get, the named key to Locate).</summary>
internal static class Workload
{
    public static LoadOperation Parse(string name) => name switch
    {
        "discover-versions" => LoadOperation.DiscoverVersions,
        "get" => LoadOperation.Get,
        "get-wrapped" => LoadOperation.GetWrapped,
        "locate" => LoadOperation.Locate,
        "create" => LoadOperation.Create,
        "sign-ecdsa-p256" => LoadOperation.SignEcdsaP256,
        "sign-rsa-2048" => LoadOperation.SignRsa2048,
        "create-key-pair-rsa-2048" => LoadOperation.CreateKeyPairRsa2048,
        "encrypt" => LoadOperation.Encrypt,
        "decrypt" => LoadOperation.Decrypt,
        _ => throw new ArgumentException($"unknown operation {name}: discover-versions, get, get-wrapped, locate, create, encrypt, decrypt, sign-ecdsa-p256, sign-rsa-2048 or create-key-pair-rsa-2048"),
    };

    public static string NameOf(LoadOperation operation) => operation switch
    {
        LoadOperation.DiscoverVersions => "DiscoverVersions",
        LoadOperation.Get => "Get",
        LoadOperation.GetWrapped => "Get wrapped (RFC 3394)",
        LoadOperation.Locate => "Locate (by name)",
        LoadOperation.SignEcdsaP256 => "Sign (ECDSA P-256)",
        LoadOperation.SignRsa2048 => "Sign (RSA-2048 PKCS#1 v1.5)",
        LoadOperation.CreateKeyPairRsa2048 => "Create Key Pair (RSA-2048)",
        LoadOperation.Encrypt => "Encrypt 1 KiB AES-256-GCM",
        LoadOperation.Decrypt => "Decrypt 1 KiB AES-256-GCM",
        _ => "Create (durable)",
    };

    /// <summary>Prepares the server over <paramref name="credentials"/> and returns the message to send.</summary>
    /// <exception cref="InvalidOperationException">The server refused the preparation (an operation it does not support yet).</exception>
    public static async Task<byte[]> PrepareAsync(ClientCredentials credentials, LoadOperation operation, int batchItems, ProtocolVersion version, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case LoadOperation.DiscoverVersions:
                return KmipRequests.Message(version, batchItems, KmipRequests.DiscoverVersions);
            case LoadOperation.Create:
                return KmipRequests.Message(version, batchItems, () => KmipRequests.CreateAes256(null));
            case LoadOperation.SignEcdsaP256 or LoadOperation.SignRsa2048:
                {
                    // The key pair is made and its private key activated once; every message signs 64 bytes with it.
                    string id = await CreateSigningKeyAsync(credentials, operation == LoadOperation.SignRsa2048, version, cancellationToken);
                    byte[] data = RandomNumberGenerator.GetBytes(64);
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.Sign(id, data));
                }

            case LoadOperation.CreateKeyPairRsa2048:
                return KmipRequests.Message(version, batchItems, KmipRequests.CreateKeyPairRsa2048);
            case LoadOperation.Get:
                {
                    string id = await CreateKeyAsync(credentials, null, version, cancellationToken);
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.Get(id));
                }

            case LoadOperation.GetWrapped:
                {
                    // The AES-256 key wrapped under an active AES-256 key-encryption key (NIST Key Wrap, No Encoding).
                    string id = await CreateKeyAsync(credentials, null, version, cancellationToken);
                    ResponseBatchItem kek = await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, KmipRequests.CreateActiveKeyEncryptionKey), cancellationToken);
                    string kekId = (kek.Payload as CreateResponsePayload)?.UniqueIdentifier
                        ?? throw new InvalidOperationException("the Create response carries no Unique Identifier");
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.GetWrapped(id, kekId));
                }

            case LoadOperation.Encrypt:
                {
                    string id = await CreateActiveKeyAsync(credentials, version, cancellationToken);
                    byte[] data = RandomNumberGenerator.GetBytes(KmipRequests.CryptoDataLength);
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.EncryptGcm(id, data));
                }

            case LoadOperation.Decrypt:
                {
                    string id = await CreateActiveKeyAsync(credentials, version, cancellationToken);
                    byte[] data = RandomNumberGenerator.GetBytes(KmipRequests.CryptoDataLength);
                    ResponseBatchItem item = await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, () => KmipRequests.EncryptGcm(id, data)), cancellationToken);
                    var encrypted = item.Payload as EncryptResponsePayload
                        ?? throw new InvalidOperationException("the Encrypt response carries no payload");
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.DecryptGcm(
                        id, encrypted.Data!, encrypted.IVCounterNonce!, encrypted.AuthenticatedEncryptionTag!));
                }

            default:
                {
                    string name = "loadgen-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
                    await CreateKeyAsync(credentials, name, version, cancellationToken);
                    return KmipRequests.Message(version, batchItems, () => KmipRequests.LocateByName(name));
                }
        }
    }

    /// <summary>Creates an AES-256 key (named when <paramref name="name"/> is given) and returns its identifier.</summary>
    /// <exception cref="InvalidOperationException">The server did not create it.</exception>
    public static async Task<string> CreateKeyAsync(ClientCredentials credentials, string? name, ProtocolVersion version, CancellationToken cancellationToken)
    {
        ResponseBatchItem item = await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, () => KmipRequests.CreateAes256(name)), cancellationToken);
        return item.Payload is CreateResponsePayload { UniqueIdentifier: string id }
            ? id
            : throw new InvalidOperationException("the Create response carries no Unique Identifier");
    }

    /// <summary>Creates a signing key pair (RSA-2048 or EC P-256), activates its private key and returns the private key's identifier.</summary>
    /// <exception cref="InvalidOperationException">The server refused a step.</exception>
    public static async Task<string> CreateSigningKeyAsync(ClientCredentials credentials, bool rsa, ProtocolVersion version, CancellationToken cancellationToken)
    {
        ResponseBatchItem created = await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, () => KmipRequests.CreateSigningKeyPair(rsa)), cancellationToken);
        string id = created.Payload is CreateKeyPairResponsePayload { PrivateKeyUniqueIdentifier: string privateId }
            ? privateId
            : throw new InvalidOperationException("the Create Key Pair response carries no Private Key Unique Identifier");
        await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, () => new ActivateRequestPayload { UniqueIdentifier = id }), cancellationToken);
        return id;
    }

    /// <summary>Creates an AES-256 key and activates it, so Encrypt and Decrypt may use it.</summary>
    /// <exception cref="InvalidOperationException">The server did not create or activate it.</exception>
    public static async Task<string> CreateActiveKeyAsync(ClientCredentials credentials, ProtocolVersion version, CancellationToken cancellationToken)
    {
        string id = await CreateKeyAsync(credentials, null, version, cancellationToken);
        await ExchangeOneAsync(credentials, KmipRequests.Message(version, 1, () => new ActivateRequestPayload { UniqueIdentifier = id }), cancellationToken);
        return id;
    }

    /// <summary>Sends one request on a new session and returns the raw response.</summary>
    public static async Task<byte[]> ExchangeAsync(ClientCredentials credentials, byte[] request, CancellationToken cancellationToken)
    {
        await using LoadConnection connection = await LoadConnection.OpenAsync(credentials, cancellationToken);
        return await connection.ExchangeAsync(request, cancellationToken);
    }

    private static async Task<ResponseBatchItem> ExchangeOneAsync(ClientCredentials credentials, byte[] request, CancellationToken cancellationToken)
    {
        ResponseMessage response = ResponseMessage.Decode(await ExchangeAsync(credentials, request, cancellationToken));
        ResponseBatchItem item = response.BatchItems[0];
        if (item.ResultStatus != ResultStatus.Success)
        {
            throw new InvalidOperationException($"{item.Operation}: {item.ResultReason}: {item.ResultMessage}");
        }

        return item;
    }
}
