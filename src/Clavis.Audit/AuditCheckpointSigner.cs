using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Ports;
using Clavis.Crypto.Secrets;
using Microsoft.Extensions.Logging;

namespace Clavis.Audit;

/// <summary>
/// Signs a node's audit chain head at an interval and on shutdown (<see cref="AuditCheckpoint"/>), so that a
/// verifier detects a journal cut short or rewritten up to a signed point.
/// </summary>
/// <remarks>
/// The signing key is an ECDSA P-256 key the node creates at its first start. Its private half is stored as a
/// sealed row (the <see cref="KeyMaterialBarrier"/> encrypts it like any object's material, bound to the key's
/// identifier), not as a managed object, so no KMIP client can ever locate or fetch it; its public half is
/// stored in the clear for verifiers, and <see cref="PublicKeyPem"/> lets the host keep a copy outside the
/// database as a trust anchor.
/// </remarks>
public sealed partial class AuditCheckpointSigner : IDisposable
{
    private readonly IAuditJournal _journal;
    private readonly IClock _clock;
    private readonly ECDsa _key;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signing = new(1, 1);

    private AuditCheckpointSigner(IAuditJournal journal, IClock clock, string nodeId, string keyId, ECDsa key, byte[] publicKey, bool created, ILogger logger)
    {
        _journal = journal;
        _clock = clock;
        NodeId = nodeId;
        KeyId = keyId;
        _key = key;
        PublicKey = publicKey;
        Created = created;
        _logger = logger;
    }

    /// <summary>The node whose chain is signed.</summary>
    public string NodeId { get; }

    /// <summary>The signing key's identifier.</summary>
    public string KeyId { get; }

    /// <summary>The public key, DER SubjectPublicKeyInfo. Caller must not change it.</summary>
    public byte[] PublicKey { get; }

    /// <summary>True when this start created the key.</summary>
    public bool Created { get; }

    /// <summary>
    /// Where each checkpoint is copied after the database holds it (outside the database, ideally on another
    /// volume or host), or null for no copy. Set it before the first checkpoint.
    /// </summary>
    public AuditCheckpointCopy? Copy { get; set; }

    /// <summary>The public key in PEM (<c>PUBLIC KEY</c>), for a trust-anchor file.</summary>
    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", PublicKey);

    /// <summary>Loads <paramref name="nodeId"/>'s signing key, creating and storing it (sealed) on the first start.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    /// <exception cref="CryptographicException">The stored private key cannot be unsealed (altered, or another barrier's).</exception>
    /// <exception cref="SealException">The data key that sealed it is unknown.</exception>
    public static async Task<AuditCheckpointSigner> OpenAsync(IAuditJournal journal, KeyMaterialBarrier barrier, IClock clock, string nodeId, ILogger<AuditCheckpointSigner> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(logger);
        AuditSigningKeyRecord? stored = await journal.GetSigningKeyAsync(nodeId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return new AuditCheckpointSigner(journal, clock, nodeId, stored.KeyId, Unseal(barrier, stored), stored.PublicKey, created: false, logger);
        }

        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            string keyId = Guid.CreateVersion7().ToString();
            byte[] publicKey = key.ExportSubjectPublicKeyInfo();
            byte[] pkcs8 = key.ExportPkcs8PrivateKey();
            SealedMaterial sealedKey;
            try
            {
                sealedKey = barrier.Seal(AuditSigningKeyRecord.BarrierIdFor(keyId), pkcs8);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }

            await journal.SaveSigningKeyAsync(new AuditSigningKeyRecord(keyId, nodeId, clock.UtcNow, publicKey, sealedKey), cancellationToken).ConfigureAwait(false);
            return new AuditCheckpointSigner(journal, clock, nodeId, keyId, key, publicKey, created: true, logger);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Signs the chain's current head, unless the last checkpoint already names it (or the chain is empty).
    /// </summary>
    /// <returns>The new checkpoint, or null when there was nothing new to sign.</returns>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    public async Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _signing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AuditChainHead? head = await _journal.GetHeadAsync(NodeId, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }

            AuditCheckpoint? last = await _journal.GetLastCheckpointAsync(NodeId, cancellationToken).ConfigureAwait(false);
            if (last is not null && last.Sequence >= head.Sequence)
            {
                return null;
            }

            DateTimeOffset now = AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(_clock.UtcNow));
            byte[] signed = AuditCheckpoint.SignedBytes(NodeId, head.Sequence, head.Hash, now, KeyId);
            byte[] signature = _key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var checkpoint = new AuditCheckpoint(NodeId, head.Sequence, head.Hash, now, KeyId, signature);
            await _journal.SaveCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);

            // After the database has it, so the copy never names a checkpoint the database was never given;
            // under the lock, so the copy's lines stay in signing order.
            Copy?.TryAppend(checkpoint);
            return checkpoint;
        }
        finally
        {
            _signing.Release();
        }
    }

    /// <summary>
    /// Checkpoints every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled; a
    /// checkpoint the store fails is logged and the next tick tries again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckpointAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (StoreUnavailableException ex)
                {
                    LogCheckpointFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; the host takes a last checkpoint itself.
        }
    }

    /// <summary>Forgets the private key.</summary>
    public void Dispose()
    {
        _key.Dispose();
        _signing.Dispose();
    }

    private static ECDsa Unseal(KeyMaterialBarrier barrier, AuditSigningKeyRecord stored)
    {
        using SecretBytes pkcs8 = barrier.Open(stored.BarrierId, stored.SealedPrivateKey);
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8.Span, out _);
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(stored.PublicKey))
            {
                throw new CryptographicException($"audit signing key {stored.KeyId}: the stored public key is not the sealed private key's");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit checkpoint failed; the next interval tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
