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
    private readonly KeyMaterialBarrier _barrier;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signing = new(1, 1);
    private ECDsa _key;
    private volatile SigningKey _current;

    private AuditCheckpointSigner(IAuditJournal journal, KeyMaterialBarrier barrier, IClock clock, string nodeId, SigningKey current, ECDsa key, bool created, ILogger logger)
    {
        _journal = journal;
        _barrier = barrier;
        _clock = clock;
        NodeId = nodeId;
        _current = current;
        _key = key;
        Created = created;
        _logger = logger;
    }

    /// <summary>The node whose chain is signed.</summary>
    public string NodeId { get; }

    /// <summary>The signing key's identifier (a rotation changes it).</summary>
    public string KeyId => _current.KeyId;

    /// <summary>The public key, DER SubjectPublicKeyInfo (a rotation changes it). Caller must not change it.</summary>
    public byte[] PublicKey => _current.PublicKey;

    /// <summary>When the signing key in use was created.</summary>
    public DateTimeOffset KeyCreatedAt => _current.CreatedAt;

    /// <summary>
    /// The folder a rotation writes the new key's public PEM file to (<c>DATA/audit-keys</c>), or null for none. Set it
    /// before the first rotation.
    /// </summary>
    public string? PublicKeyFolder { get; set; }

    /// <summary>
    /// Rotates the key on its own once it is this old, at start and at each interval (<see cref="RotateIfDueAsync"/>),
    /// or null never to. Set it before <see cref="RunAsync"/>.
    /// </summary>
    public AuditSigningKeyRotationSchedule? AutomaticRotation { get; set; }

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
            return new AuditCheckpointSigner(journal, barrier, clock, nodeId, new SigningKey(stored.KeyId, stored.PublicKey, stored.CreatedAt), Unseal(barrier, stored), created: false, logger);
        }

        (ECDsa key, AuditSigningKeyRecord created) = NewKey(barrier, nodeId, clock.UtcNow);
        try
        {
            await journal.SaveSigningKeyAsync(created, cancellationToken).ConfigureAwait(false);
            return new AuditCheckpointSigner(journal, barrier, clock, nodeId, new SigningKey(created.KeyId, created.PublicKey, created.CreatedAt), key, created: true, logger);
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
            return await CheckpointLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _signing.Release();
        }
    }

    /// <summary>
    /// Replaces the signing key: the old key signs the chain's head one last time, then signs a hand-over naming
    /// the new key and its public key (<see cref="AuditKeyHandover"/>); the new key (sealed), the hand-over and the
    /// record <paramref name="recordOf"/> makes commit together; the new key then signs the head, which covers that
    /// record. A verifier that trusts only the first key of the node follows the hand-overs to the newest.
    /// </summary>
    /// <returns>The hand-over.</returns>
    /// <exception cref="StoreUnavailableException">The store failed; the old key stays in use.</exception>
    /// <exception cref="SealException">The barrier cannot seal the new key; the old key stays in use.</exception>
    public async Task<AuditKeyHandover> RotateAsync(IAuditSigningKeyStore store, Func<AuditKeyHandover, AuditRecord> recordOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(recordOf);
        await _signing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Everything before the rotation is signed by the key that wrote it.
            await CheckpointLockedAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(_clock.UtcNow));
            (ECDsa next, AuditSigningKeyRecord created) = NewKey(_barrier, NodeId, now);
            AuditKeyHandover handover;
            try
            {
                byte[] signature = _key.SignData(AuditKeyHandover.SignedBytes(NodeId, KeyId, created.KeyId, created.PublicKey, now),
                    HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                handover = new AuditKeyHandover(NodeId, KeyId, created.KeyId, created.PublicKey, now, signature);
                await store.RotateSigningKeyAsync(created, handover, [recordOf(handover)], cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                next.Dispose();
                throw;
            }

            ECDsa retired = _key;
            _key = next;
            _current = new SigningKey(created.KeyId, created.PublicKey, created.CreatedAt);
            retired.Dispose();
            WritePublicKeyFile();
            try
            {
                await CheckpointLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                // The rotation is durable; the next interval signs what this checkpoint would have.
                LogCheckpointFailed(_logger, ex);
            }

            return handover;
        }
        finally
        {
            _signing.Release();
        }
    }

    /// <summary>Rotates the key when <see cref="AutomaticRotation"/> says it is due.</summary>
    /// <returns>The hand-over, or null when no rotation was due.</returns>
    /// <exception cref="StoreUnavailableException">The store failed; the old key stays in use.</exception>
    /// <exception cref="SealException">The barrier cannot seal the new key.</exception>
    public async Task<AuditKeyHandover?> RotateIfDueAsync(CancellationToken cancellationToken)
    {
        if (AutomaticRotation is not AuditSigningKeyRotationSchedule schedule || _clock.UtcNow - KeyCreatedAt < schedule.Every)
        {
            return null;
        }

        AuditKeyHandover handover = await RotateAsync(schedule.Store, schedule.RecordOf, cancellationToken).ConfigureAwait(false);
        LogRotated(_logger, handover.OldKeyId, handover.NewKeyId, NodeId);
        return handover;
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
                    await RotateIfDueAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StoreUnavailableException or SealException or CryptographicException)
                {
                    LogRotationFailed(_logger, ex);
                }

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

    /// <summary>The key in use, swapped as a whole by a rotation so readers never see half of two keys.</summary>
    private sealed record SigningKey(string KeyId, byte[] PublicKey, DateTimeOffset CreatedAt);

    /// <summary>Forgets the private key.</summary>
    public void Dispose()
    {
        _key.Dispose();
        _signing.Dispose();
    }

    // Under the signing lock.
    private async Task<AuditCheckpoint?> CheckpointLockedAsync(CancellationToken cancellationToken)
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

    private static (ECDsa Key, AuditSigningKeyRecord Record) NewKey(KeyMaterialBarrier barrier, string nodeId, DateTimeOffset now)
    {
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            string keyId = Guid.CreateVersion7().ToString();
            byte[] publicKey = key.ExportSubjectPublicKeyInfo();
            byte[] pkcs8 = key.ExportPkcs8PrivateKey();
            try
            {
                return (key, new AuditSigningKeyRecord(keyId, nodeId, now, publicKey, barrier.Seal(AuditSigningKeyRecord.BarrierIdFor(keyId), pkcs8)));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // The rotation is durable already; a PEM file that cannot be written is logged, since verifiers trusting the
    // old key still follow the hand-over to the new one.
    private void WritePublicKeyFile()
    {
        if (PublicKeyFolder is not string folder)
        {
            return;
        }

        try
        {
            AuditPublicKeyFiles.Write(folder, KeyId, PublicKey);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogPublicKeyFileFailed(_logger, KeyId, folder, ex);
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {OldKeyId} of node {NodeId} handed over to {NewKeyId} (automatic rotation)")]
    private static partial void LogRotated(ILogger logger, string oldKeyId, string newKeyId, string nodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Automatic audit signing-key rotation failed; the old key stays in use and the next interval tries again")]
    private static partial void LogRotationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The public key of audit signing key {KeyId} could not be written to {Folder}; verifiers that trust an earlier key of the node still accept it through its hand-over")]
    private static partial void LogPublicKeyFileFailed(ILogger logger, string keyId, string folder, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit checkpoint failed; the next interval tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
