using Clavis.Core.Identity;
using Clavis.Kmip;

namespace Clavis.Audit;

/// <summary>
/// What administrators do to the audit journal through a running node (<c>/admin/v1/audit/…</c>): verify it from
/// a read snapshot. Administrators only.
/// </summary>
public sealed class AuditAdministration : IDisposable
{
    private readonly AuditAdministrationOptions _options;

    // One verification at a time: each walks the whole journal, and a second one would only halve both.
    private readonly SemaphoreSlim _verifying = new(1, 1);

    /// <summary>Creates the service.</summary>
    public AuditAdministration(AuditAdministrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Verifies the journal as <c>clavis audit verify --data</c> does, trusting the node's own key files and
    /// comparing with its checkpoint copy, on a read-only snapshot of the store (writers go on meanwhile).
    /// Not recorded: it changes nothing, like reading a profile.
    /// </summary>
    /// <exception cref="KmipException">Permission Denied for a non-administrator; Invalid Field for a range out of order.</exception>
    /// <exception cref="Core.Ports.StoreUnavailableException">The store cannot be read.</exception>
    /// <exception cref="IOException">A key file or the checkpoint copy cannot be read.</exception>
    /// <exception cref="FormatException">The checkpoint copy is damaged.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A key file holds no public key.</exception>
    public async Task<AuditVerification> VerifyAsync(ClientIdentity administrator, string? nodeId, long? fromSequence, long? toSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }

        long from = fromSequence ?? 1;
        if (from < 1)
        {
            KmipException.ThrowInvalidField($"from is {from}; sequences start at 1");
        }

        if (toSequence is long to && to < from)
        {
            KmipException.ThrowInvalidField($"to ({to}) is before from ({from})");
        }

        await _verifying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The verifier reads synchronously and may walk millions of records: keep it off the request's thread.
            return await Task.Run(() => Verify(nodeId, from, toSequence), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _verifying.Release();
        }
    }

    /// <summary>Releases the lock that serialises verifications.</summary>
    public void Dispose() => _verifying.Dispose();

    private AuditVerification Verify(string? nodeId, long from, long? to)
    {
        IReadOnlyList<byte[]> trusted = [.. AuditPublicKeyFiles.InFolder(_options.TrustedKeysFolder).Select(AuditPublicKeyFiles.Read)];
        AuditCheckpointCopyContents? copy = File.Exists(_options.CheckpointCopyPath) ? AuditCheckpointCopy.Read(_options.CheckpointCopyPath) : null;
        using Core.Ports.IAuditReader reader = _options.OpenReader();
        AuditVerification result = AuditVerifier.Verify(reader, new AuditVerifierOptions
        {
            NodeId = nodeId,
            FromSequence = from,
            ToSequence = to,
            TrustedPublicKeys = trusted,
            CheckpointCopies = copy?.Checkpoints ?? [],
        });
        if (copy?.Note is string torn)
        {
            result.Notes.Add(torn);
        }

        return result;
    }
}
