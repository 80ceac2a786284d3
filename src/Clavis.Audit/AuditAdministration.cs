using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Kmip;

namespace Clavis.Audit;

/// <summary>
/// What administrators do to the audit journal through a running node (<c>/admin/v1/audit/…</c>): verify it from
/// a read snapshot, archive its oldest range (<see cref="AuditArchiver"/>), rotate its checkpoint signing key.
/// Administrators only; archiving and rotation are recorded (<see cref="AuditArchiver.Operation"/>,
/// <see cref="RotateOperation"/>), allowed or refused.
/// </summary>
public sealed class AuditAdministration : IDisposable
{
    /// <summary>The operation of the record of a signing-key rotation.</summary>
    public const string RotateOperation = "RotateAuditSigningKey";

    private readonly AuditAdministrationOptions _options;

    // One verification at a time: each walks the whole journal, and a second one would only halve both.
    private readonly SemaphoreSlim _verifying = new(1, 1);

    // One archive at a time: two would both start after the same anchor.
    private readonly SemaphoreSlim _archiving = new(1, 1);

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
            if (_options.FlushJournal is { } flush)
            {
                await flush(cancellationToken).ConfigureAwait(false);
            }

            // The verifier reads synchronously and may walk millions of records: keep it off the request's thread.
            return await Task.Run(() => Verify(nodeId, from, toSequence), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _verifying.Release();
        }
    }

    /// <summary>
    /// Archives this node's chain up to the last checkpoint at or before <paramref name="throughSequence"/> (or signed
    /// before <paramref name="before"/>) into a file in the archive folder, then removes the range from the store.
    /// The range must verify with the node's key files first.
    /// </summary>
    /// <exception cref="KmipException">
    /// Permission Denied for a non-administrator; Invalid Field for another node or not exactly one limit; Illegal
    /// Operation when there is nothing to archive or the range does not verify (recorded like the others).
    /// </exception>
    /// <exception cref="Core.Ports.StoreUnavailableException">The store failed (the message says what was done).</exception>
    /// <exception cref="IOException">A key file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A key file holds no public key.</exception>
    public async Task<AuditArchiveResult> ArchiveAsync(ClientIdentity administrator, string? nodeId, long? throughSequence, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        try
        {
            if (!administrator.IsAdministrator)
            {
                KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
            }

            if (nodeId is not null && !string.Equals(nodeId, _options.NodeId, StringComparison.Ordinal))
            {
                KmipException.ThrowInvalidField($"this node archives its own chain ({_options.NodeId}), not {nodeId}'s");
            }

            if ((throughSequence is null) == (before is null))
            {
                KmipException.ThrowInvalidField("give throughSequence or before: how far to archive");
            }

            await _archiving.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var request = new AuditArchiveRequest
                {
                    NodeId = _options.NodeId,
                    ThroughSequence = throughSequence,
                    Before = before,
                    OutputFolder = _options.ArchiveFolder,
                    TrustedPublicKeys = [.. AuditPublicKeyFiles.InFolder(_options.TrustedKeysFolder).Select(AuditPublicKeyFiles.Read)],
                };
                if (_options.FlushJournal is { } flush)
                {
                    await flush(cancellationToken).ConfigureAwait(false);
                }

                return await AuditArchiver.ArchiveAsync(_options.ArchiveStore, _options.OpenReader, request,
                    anchor => Record(administrator, AuditArchiver.Operation, "Success", null, AuditArchiver.Describe(anchor)), _options.Clock, cancellationToken).ConfigureAwait(false);
            }
            catch (AuditArchiveException ex)
            {
                throw new KmipException(ResultReason.IllegalOperation, ex.Message, ex);
            }
            finally
            {
                _archiving.Release();
            }
        }
        catch (KmipException refusal)
        {
            await _options.Journal.AppendAsync([Record(administrator, AuditArchiver.Operation, "OperationFailed", refusal.Reason.ToString(), refusal.Message)], cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Replaces the node's checkpoint signing key (<see cref="AuditCheckpointSigner.RotateAsync"/>): the old key
    /// signs a hand-over to the new one, whose public key goes to the key folder.
    /// </summary>
    /// <returns>The hand-over.</returns>
    /// <exception cref="KmipException">Permission Denied for a non-administrator (recorded).</exception>
    /// <exception cref="Core.Ports.StoreUnavailableException">The store failed; the old key stays in use.</exception>
    /// <exception cref="Core.Ports.SealException">The new key cannot be sealed; the old key stays in use.</exception>
    public async Task<AuditKeyHandover> RotateSigningKeyAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            var refusal = new KmipException(ResultReason.PermissionDenied, $"{administrator.Name} is not an administrator");
            await _options.Journal.AppendAsync([Record(administrator, RotateOperation, "OperationFailed", refusal.Reason.ToString(), refusal.Message)], cancellationToken).ConfigureAwait(false);
            throw refusal;
        }

        return await _options.Signer.RotateAsync(_options.SigningKeyStore,
            handover => Record(administrator, RotateOperation, "Success", null, $"audit signing key {handover.OldKeyId} handed over to {handover.NewKeyId}"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the locks that serialise verifications and archives.</summary>
    public void Dispose()
    {
        _verifying.Dispose();
        _archiving.Dispose();
    }

    private AuditRecord Record(ClientIdentity administrator, string operation, string status, string? reason, string message) => new()
    {
        Time = _options.Clock.UtcNow,
        NodeId = _options.NodeId,
        Source = AuditSource.Administrator,
        Operation = operation,
        Principal = administrator.Name,
        CertificateFingerprint = administrator.CertificateFingerprint,
        ResultStatus = status,
        ResultReason = reason,
        Message = message,
    };

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
