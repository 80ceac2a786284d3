using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Seals.KeyFile;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Audit.Tests;

/// <summary>
/// A real SQLite journal written by many concurrent callers (records alone and records with object changes),
/// signed at a checkpoint, followed by an unsigned tail; then closed so tests can edit the file directly.
/// </summary>
internal sealed class JournalFixture : IDisposable
{
    public const string Node = "node-1";

    private JournalFixture(string directory, byte[] publicKey, long checkpointSequence, long lastSequence)
    {
        Directory = directory;
        PublicKey = publicKey;
        CheckpointSequence = checkpointSequence;
        LastSequence = lastSequence;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "clavis.db");

    /// <summary>The checkpoint copy the signer appended to (outside the database).</summary>
    public string CopyPath => Path.Combine(Directory, "audit-checkpoints.jsonl");

    public byte[] PublicKey { get; }

    public long CheckpointSequence { get; }

    public long LastSequence { get; }

    public static async Task<JournalFixture> BuildAsync(int records, int unsignedTail = 10)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("clavis-audit-").FullName;
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(directory, "master.key") });
        await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(directory, "clavis.db") });
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        using AuditCheckpointSigner signer = await AuditCheckpointSigner.OpenAsync(store, barrier, SystemClock.Instance, Node, NullLogger<AuditCheckpointSigner>.Instance, CancellationToken.None);
        signer.Copy = new AuditCheckpointCopy(Path.Combine(directory, "audit-checkpoints.jsonl"), NullLogger<AuditCheckpointCopy>.Instance);

        const int writers = 8;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (int i = w; i < records; i += writers)
            {
                if (i % 5 == 0)
                {
                    // A change and its record in one change set, as a Create would commit.
                    var changes = new ObjectChangeSet();
                    var created = new ManagedObject(Guid.CreateVersion7().ToString(), Kmip.ObjectType.SecretData, Kmip.State.PreActive, new AttributeSet());
                    changes.Inserts.Add(created);
                    changes.AuditRecords.Add(Record(i, "Create", created.Id));
                    await store.CommitAsync(changes, CancellationToken.None);
                }
                else
                {
                    await store.AppendAsync([Record(i, "Get", $"object-{i % 97}")], CancellationToken.None);
                }
            }
        })));

        AuditCheckpoint checkpoint = (await signer.CheckpointAsync(CancellationToken.None))!;
        for (int i = 0; i < unsignedTail; i++)
        {
            await store.AppendAsync([Record(records + i, "Locate", null)], CancellationToken.None);
        }

        return new JournalFixture(directory, signer.PublicKey, checkpoint.Sequence, records + unsignedTail);
    }

    /// <summary>Opens the store again, appends <paramref name="records"/> records, signs the head, and closes it.</summary>
    /// <returns>The new checkpoint's sequence.</returns>
    public async Task<long> AppendAndCheckpointAsync(int records)
    {
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(Directory, "master.key") });
        await using SqliteObjectStore store = OpenStore();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        using AuditCheckpointSigner signer = await AuditCheckpointSigner.OpenAsync(store, barrier, SystemClock.Instance, Node, NullLogger<AuditCheckpointSigner>.Instance, CancellationToken.None);
        signer.Copy = new AuditCheckpointCopy(CopyPath, NullLogger<AuditCheckpointCopy>.Instance);
        for (int i = 0; i < records; i++)
        {
            await store.AppendAsync([Record(100_000 + i, "Get", $"object-{i}")], CancellationToken.None);
        }

        return (await signer.CheckpointAsync(CancellationToken.None))!.Sequence;
    }

    /// <summary>Opens the node as its host would and rotates its signing key (an administrator's rotation).</summary>
    public async Task<AuditKeyHandover> RotateAsync()
    {
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(Directory, "master.key") });
        await using SqliteObjectStore store = OpenStore();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        using AuditCheckpointSigner signer = await AuditCheckpointSigner.OpenAsync(store, barrier, SystemClock.Instance, Node, NullLogger<AuditCheckpointSigner>.Instance, CancellationToken.None);
        signer.Copy = new AuditCheckpointCopy(CopyPath, NullLogger<AuditCheckpointCopy>.Instance);
        return await signer.RotateAsync(store, handover => new AuditRecord
        {
            Time = DateTimeOffset.UtcNow,
            NodeId = Node,
            Source = AuditSource.Administrator,
            Operation = AuditAdministration.RotateOperation,
            Principal = "tester",
            ResultStatus = "Success",
            Message = $"audit signing key {handover.OldKeyId} handed over to {handover.NewKeyId}",
        }, CancellationToken.None);
    }

    /// <summary>The private key of <paramref name="keyId"/>, unsealed as only the master key's holder can.</summary>
    public async Task<System.Security.Cryptography.ECDsa> UnsealSigningKeyAsync(string keyId)
    {
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(Directory, "master.key") });
        await using SqliteObjectStore store = OpenStore();
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT private_data_key_id, private_nonce, private_ciphertext FROM audit_signing_keys WHERE id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        using SqliteDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        using Crypto.Secrets.SecretBytes pkcs8 = barrier.Open(AuditSigningKeyRecord.BarrierIdFor(keyId), new SealedMaterial(reader.GetString(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8.Span, out _);
        return key;
    }

    /// <summary>The store, opened for writing (the caller disposes it).</summary>
    public SqliteObjectStore OpenStore() => SqliteObjectStore.Open(new SqliteStoreOptions { Path = DatabasePath });

    public static AuditRecord Record(int i, string operation, string? objectId) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(i),
        NodeId = Node,
        Source = AuditSource.KmipRequest,
        Operation = operation,
        Principal = $"user-{i % 7}",
        CertificateFingerprint = "F00D",
        ClientAddress = "127.0.0.1:4000",
        SessionId = i % 13,
        RequestId = $"request-{i}",
        BatchItemIndex = 0,
        ObjectIds = objectId is null ? [] : [objectId],
        ObjectCount = objectId is null ? 0 : 1,
        ResultStatus = i % 11 == 0 ? "OperationFailed" : "Success",
        ResultReason = i % 11 == 0 ? "PermissionDenied" : null,
    };

    public AuditVerification Verify(AuditVerifierOptions? options = null)
    {
        using SqliteAuditReader reader = SqliteAuditReader.Open(DatabasePath);
        return AuditVerifier.Verify(reader, options ?? new AuditVerifierOptions { TrustedPublicKeys = [PublicKey] });
    }

    public int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    public (byte[] Record, byte[] Hash) Read(long sequence)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT record, hash FROM audit_records WHERE node_id = $n AND sequence = $s";
        command.Parameters.AddWithValue("$n", Node);
        command.Parameters.AddWithValue("$s", sequence);
        using SqliteDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return ((byte[])reader.GetValue(0), (byte[])reader.GetValue(1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
