using System.Buffers;
using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// The writer connection's statements, prepared once and reused for every batch (SQLite keeps the
/// compiled statement with the command). Used by the writer thread only.
/// </summary>
internal sealed class WriteCommands : IDisposable
{
    private readonly SqliteCommand _insertObject;
    private readonly SqliteCommand _updateObject;
    private readonly SqliteCommand _deleteObject;
    private readonly SqliteCommand _insertName;
    private readonly SqliteCommand _insertGroup;
    private readonly SqliteCommand _deleteNames;
    private readonly SqliteCommand _deleteGroups;
    private readonly SqliteCommand _upsertDataKey;
    private readonly RawStatement _insertAudit;
    private readonly RawStatement _begin;
    private readonly RawStatement _commit;
    private readonly RawStatement _rollback;
    private readonly RawStatement _savepoint;
    private readonly RawStatement _rollbackToSavepoint;
    private readonly RawStatement _releaseSavepoint;
    private readonly sqlite3 _db;
    private readonly SqliteCommand _readAuditHead;
    private readonly SqliteCommand _readAuditHash;
    private readonly SqliteCommand _insertCheckpoint;
    private readonly SqliteCommand _insertSigningKey;
    private readonly SqliteCommand _insertDocument;
    private readonly SqliteCommand _insertCounter;
    private readonly SqliteCommand _updateCounter;
    private readonly SqliteCommand _insertArchive;
    private readonly SqliteCommand _removeArchived;
    private readonly SqliteCommand _insertHandover;
    private readonly AuditChainHeads _auditHeads;

    // Reused for every record: the linked encoding is written here, then copied out once (the spool and the row both
    // keep that copy), and the hash object keeps its native context rather than creating one per record.
    private readonly ArrayBufferWriter<byte> _linked = new(1024);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SqliteCommand[] _all;

    public WriteCommands(SqliteConnection connection, AuditSpool? spool)
    {
        _auditHeads = new AuditChainHeads(spool);
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");

        // The batch's transaction control, prepared once. SqliteTransaction parsed its BEGIN and COMMIT again at every
        // batch and ran each through a data reader: a visible share of a writer whose batches often carry two or three
        // records. The commands below need no Transaction property then: the connection has no SqliteTransaction.
        // IMMEDIATE: the write lock is taken (waiting up to busy_timeout) before any statement runs, never upgraded midway.
        _begin = new RawStatement(connection, "BEGIN IMMEDIATE");
        _commit = new RawStatement(connection, "COMMIT");
        _rollback = new RawStatement(connection, "ROLLBACK");
        _savepoint = new RawStatement(connection, "SAVEPOINT change_set");
        _rollbackToSavepoint = new RawStatement(connection, "ROLLBACK TO SAVEPOINT change_set");
        _releaseSavepoint = new RawStatement(connection, "RELEASE SAVEPOINT change_set");

        // ON CONFLICT DO NOTHING turns an existing id into "no row changed", which the caller sees as a
        // conflict without SQLite raising (and aborting the statement) for an expected outcome.
        _insertObject = Create(
            connection,
            """
            INSERT INTO objects (id, object_type, state, version, owner, attributes, material_data_key_id, material_nonce,
                material_ciphertext, cryptographic_algorithm, cryptographic_length, next_transition_at, created_at, updated_at)
            VALUES ($id, $object_type, $state, 1, $owner, $attributes, $material_data_key_id, $material_nonce,
                $material_ciphertext, $cryptographic_algorithm, $cryptographic_length, $next_transition_at, $now, $now)
            ON CONFLICT (id) DO NOTHING
            """,
            "$id", "$object_type", "$state", "$owner", "$attributes", "$material_data_key_id", "$material_nonce",
            "$material_ciphertext", "$cryptographic_algorithm", "$cryptographic_length", "$next_transition_at", "$now");
        _updateObject = Create(
            connection,
            """
            UPDATE objects SET state = $state, version = version + 1, owner = $owner, attributes = $attributes,
                material_data_key_id = $material_data_key_id, material_nonce = $material_nonce,
                material_ciphertext = $material_ciphertext, cryptographic_algorithm = $cryptographic_algorithm,
                cryptographic_length = $cryptographic_length, next_transition_at = $next_transition_at, updated_at = $now
            WHERE id = $id AND version = $version AND object_type = $object_type
            """,
            "$id", "$version", "$object_type", "$state", "$owner", "$attributes", "$material_data_key_id", "$material_nonce",
            "$material_ciphertext", "$cryptographic_algorithm", "$cryptographic_length", "$next_transition_at", "$now");
        _deleteObject = Create(connection, "DELETE FROM objects WHERE id = $id AND version = $version", "$id", "$version");
        _insertName = Create(connection, "INSERT OR IGNORE INTO object_names (value, object_id) VALUES ($value, $id)", "$value", "$id");
        _insertGroup = Create(connection, "INSERT OR IGNORE INTO object_groups (value, object_id) VALUES ($value, $id)", "$value", "$id");
        _deleteNames = Create(connection, "DELETE FROM object_names WHERE object_id = $id", "$id");
        _deleteGroups = Create(connection, "DELETE FROM object_groups WHERE object_id = $id", "$id");
        _upsertDataKey = Create(
            connection,
            """
            INSERT INTO data_keys (id, created_at, master_key_id, wrapped) VALUES ($id, $created_at, $master_key_id, $wrapped)
            ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, master_key_id = excluded.master_key_id,
                wrapped = excluded.wrapped
            """,
            "$id", "$created_at", "$master_key_id", "$wrapped");
        // Positional parameters: AppendAudit binds 1 to 9 in this order.
        _insertAudit = new RawStatement(
            connection,
            """
            INSERT INTO audit_records (node_id, sequence, hash, record, time, principal, operation, object_id, result_status)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);
        _readAuditHead = Create(connection, AuditChainHeads.ReadHeadSql, "$node_id");
        _readAuditHash = Create(connection, "SELECT hash FROM audit_records WHERE node_id = $node_id AND sequence = $sequence", "$node_id", "$sequence");
        _insertCheckpoint = Create(
            connection,
            """
            INSERT INTO audit_checkpoints (node_id, sequence, head_hash, created_at, key_id, signature)
            VALUES ($node_id, $sequence, $head_hash, $created_at, $key_id, $signature)
            """,
            "$node_id", "$sequence", "$head_hash", "$created_at", "$key_id", "$signature");
        _insertSigningKey = Create(
            connection,
            """
            INSERT INTO audit_signing_keys (id, node_id, created_at, public_key, private_data_key_id, private_nonce, private_ciphertext)
            VALUES ($id, $node_id, $created_at, $public_key, $private_data_key_id, $private_nonce, $private_ciphertext)
            ON CONFLICT (id) DO NOTHING
            """,
            "$id", "$node_id", "$created_at", "$public_key", "$private_data_key_id", "$private_nonce", "$private_ciphertext");
        // The version check and the insert are one statement: the newest stored version must be the expected one.
        _insertDocument = Create(
            connection,
            """
            INSERT INTO documents (kind, name, version, body, changed_at, changed_by, revision)
            SELECT $kind, $name, $expected + 1, $body, $changed_at, $changed_by,
                (SELECT coalesce(max(revision), 0) + 1 FROM documents)
            WHERE (SELECT coalesce(max(version), 0) FROM documents WHERE kind = $kind AND name = $name) = $expected
            ON CONFLICT (kind, name, version) DO NOTHING
            """,
            "$kind", "$name", "$expected", "$body", "$changed_at", "$changed_by");
        _insertCounter = Create(connection, "INSERT INTO counters (key, value) VALUES ($key, $value) ON CONFLICT (key) DO NOTHING", "$key", "$value");
        _updateCounter = Create(connection, "UPDATE counters SET value = $value WHERE key = $key AND value = $expected", "$key", "$value", "$expected");

        _insertArchive = Create(
            connection,
            """
            INSERT INTO audit_archives (node_id, first_sequence, last_sequence, last_hash, file_name, file_sha256, created_at)
            VALUES ($node_id, $first_sequence, $last_sequence, $last_hash, $file_name, $file_sha256, $created_at)
            """,
            "$node_id", "$first_sequence", "$last_sequence", "$last_hash", "$file_name", "$file_sha256", "$created_at");

        // Bounded by the newest anchor whatever the caller asks: the store never removes a record no archive holds.
        _removeArchived = Create(
            connection,
            """
            DELETE FROM audit_records WHERE node_id = $node_id AND sequence IN (
                SELECT sequence FROM audit_records WHERE node_id = $node_id
                    AND sequence <= MIN($through, (SELECT COALESCE(MAX(last_sequence), 0) FROM audit_archives WHERE node_id = $node_id))
                ORDER BY sequence LIMIT $limit)
            """,
            "$node_id", "$through", "$limit");
        _insertHandover = Create(
            connection,
            """
            INSERT INTO audit_key_handovers (node_id, old_key_id, new_key_id, new_public_key, created_at, signature)
            VALUES ($node_id, $old_key_id, $new_key_id, $new_public_key, $created_at, $signature)
            """,
            "$node_id", "$old_key_id", "$new_key_id", "$new_public_key", "$created_at", "$signature");
        _all = [_insertObject, _updateObject, _deleteObject, _insertName, _insertGroup, _deleteNames, _deleteGroups, _upsertDataKey,
            _readAuditHead, _readAuditHash, _insertCheckpoint, _insertSigningKey, _insertDocument, _insertCounter, _updateCounter,
            _insertArchive, _removeArchived, _insertHandover];
    }

    /// <summary>Opens the batch's transaction, holding the database's write lock.</summary>
    public void Begin() => _begin.Execute();

    /// <summary>Commits the batch's transaction: with synchronous=FULL it returns after the WAL's fsync.</summary>
    public void Commit() => _commit.Execute();

    /// <summary>
    /// Rolls back the batch's transaction if one is still open. SQLite has already rolled it back itself after
    /// some failures (a full disk, an I/O error), and ROLLBACK without a transaction is an error of its own.
    /// </summary>
    public void RollbackIfOpen()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            _rollback.Execute();
        }
    }

    /// <summary>Marks where one change set starts, so that a conflict in it can undo only its own statements.</summary>
    public void SaveChangeSet() => _savepoint.Execute();

    /// <summary>Undoes the statements since <see cref="SaveChangeSet"/>; the savepoint stays until released.</summary>
    public void UndoChangeSet() => _rollbackToSavepoint.Execute();

    /// <summary>Ends the change set's savepoint, keeping what it did in the batch's transaction.</summary>
    public void ReleaseChangeSet() => _releaseSavepoint.Execute();

    /// <exception cref="ConcurrencyConflictException">The id already exists.</exception>
    public void Insert(ObjectRecord record, long now)
    {
        SetRow(_insertObject, record, now);
        if (_insertObject.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(record.Id, $"object {record.Id} already exists");
        }

        InsertIndexRows(record);
    }

    /// <exception cref="ConcurrencyConflictException">The stored version differs, or the object is gone.</exception>
    public void Update(ObjectRecord record, long now)
    {
        SetRow(_updateObject, record, now);
        _updateObject.Parameters["$version"].Value = record.Version;
        if (_updateObject.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(record.Id, $"object {record.Id} changed since version {record.Version} was read, or no longer exists");
        }

        DeleteIndexRows(record.Id);
        InsertIndexRows(record);
    }

    /// <exception cref="ConcurrencyConflictException">The stored version differs, or the object is gone.</exception>
    public void Delete(string id, long version)
    {
        _deleteObject.Parameters["$id"].Value = id;
        _deleteObject.Parameters["$version"].Value = version;
        if (_deleteObject.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(id, $"object {id} changed since version {version} was read, or no longer exists");
        }

        DeleteIndexRows(id);
    }

    /// <exception cref="ConcurrencyConflictException">The document's newest version is not the expected one.</exception>
    public void WriteDocument(DocumentChange change)
    {
        SqliteParameterCollection p = _insertDocument.Parameters;
        p["$kind"].Value = change.Kind;
        p["$name"].Value = change.Name;
        p["$expected"].Value = change.ExpectedVersion;
        p["$body"].Value = (object?)change.Body ?? DBNull.Value;
        p["$changed_at"].Value = StoredTime.ToMicroseconds(change.ChangedAt);
        p["$changed_by"].Value = change.ChangedBy;
        if (_insertDocument.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException($"{change.Kind} {change.Name}", $"{change.Kind} document {change.Name} changed since version {change.ExpectedVersion} was read");
        }
    }

    /// <exception cref="ConcurrencyConflictException">The counter's stored value is not the expected one.</exception>
    public void WriteCounter(CounterChange change)
    {
        SqliteCommand command = change.ExpectedValue == 0 ? _insertCounter : _updateCounter;
        command.Parameters["$key"].Value = change.Key;
        command.Parameters["$value"].Value = change.NewValue;
        if (change.ExpectedValue != 0)
        {
            command.Parameters["$expected"].Value = change.ExpectedValue;
        }

        if (command.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(change.Key, $"counter {change.Key} moved since {change.ExpectedValue} was read");
        }
    }

    public void SaveDataKey(DataKeyRecord key)
    {
        _upsertDataKey.Parameters["$id"].Value = key.Id;
        _upsertDataKey.Parameters["$created_at"].Value = StoredTime.ToMicroseconds(key.CreatedAt);
        _upsertDataKey.Parameters["$master_key_id"].Value = key.Wrapped.MasterKeyId;
        _upsertDataKey.Parameters["$wrapped"].Value = key.Wrapped.Wrapped;
        _upsertDataKey.ExecuteNonQuery();
    }

    /// <summary>
    /// Appends <paramref name="row"/> to its node's chain: the next sequence, linked to the head's hash. Called
    /// in commit order by the writer, so sequence order is commit order.
    /// </summary>
    public void AppendAudit(AuditRow row) => InsertAudit(LinkAudit(row));

    /// <summary>
    /// Gives <paramref name="row"/> the next place in its node's chain (the head moves on for this batch) without
    /// storing it: the caller stores it here (<see cref="InsertAudit"/>) or in the audit spool.
    /// </summary>
    public StoredAuditRecord LinkAudit(AuditRow row)
    {
        (long sequence, byte[] previous) = _auditHeads.Get(row.NodeId, _readAuditHead);
        long next = sequence + 1;
        _linked.ResetWrittenCount();
        AuditRecordCodec.WriteLinked(_linked, row.NodeId, next, previous, row.Body);
        byte[] encoded = _linked.WrittenSpan.ToArray();
        byte[] hash = new byte[AuditRecordCodec.HashLength];
        _sha256.AppendData(encoded);
        _sha256.GetHashAndReset(hash);
        _auditHeads.Advance(row.NodeId, next, hash);
        return new StoredAuditRecord(row.NodeId, next, hash, encoded, row.Time, row.Principal, row.Operation, row.ObjectId, row.ResultStatus);
    }

    /// <summary>Stores a linked record as its <c>audit_records</c> row.</summary>
    public void InsertAudit(StoredAuditRecord row)
    {
        _insertAudit.Bind(1, row.NodeId);
        _insertAudit.Bind(2, row.Sequence);
        _insertAudit.Bind(3, row.Hash);
        _insertAudit.Bind(4, row.Encoded);
        _insertAudit.Bind(5, row.TimeMicroseconds);
        _insertAudit.Bind(6, row.Principal);
        _insertAudit.Bind(7, row.Operation);
        _insertAudit.Bind(8, row.ObjectId);
        _insertAudit.Bind(9, row.ResultStatus);
        _insertAudit.Execute();
    }

    /// <summary>
    /// Stores the audit spool's pending records, in chain order, in the open transaction. Records the database
    /// already holds are stepped over: a COMMIT that reported failure may still have reached the disk. With
    /// <paramref name="yieldEvery"/> above 0, the thread offers its core to other runnable threads after every that
    /// many records (the mover does, so that requests are not held behind its burst).
    /// </summary>
    /// <exception cref="InvalidOperationException">The database holds a different record at a spooled record's place.</exception>
    public void MoveToDatabase(IReadOnlyList<StoredAuditRecord> spooled, int yieldEvery = 0)
    {
        int inserted = 0;
        Dictionary<string, long>? stored = null;
        foreach (StoredAuditRecord row in spooled)
        {
            stored ??= new Dictionary<string, long>(StringComparer.Ordinal);
            if (!stored.TryGetValue(row.NodeId, out long storedHead))
            {
                storedHead = AuditChainHeads.ReadStored(row.NodeId, _readAuditHead).Sequence;
                stored[row.NodeId] = storedHead;
                if (storedHead >= row.Sequence)
                {
                    // Equal hashes where the two overlap last mean equal chains up to there (each hash covers its predecessor's).
                    StoredAuditRecord last = spooled.Last(r => r.NodeId == row.NodeId && r.Sequence <= storedHead);
                    _readAuditHash.Parameters["$node_id"].Value = row.NodeId;
                    _readAuditHash.Parameters["$sequence"].Value = last.Sequence;
                    if (_readAuditHash.ExecuteScalar() is not byte[] hash || !hash.AsSpan().SequenceEqual(last.Hash))
                    {
                        throw new InvalidOperationException(
                            $"audit chain {row.NodeId}: the database holds another record at sequence {last.Sequence} than the audit spool");
                    }
                }
            }

            if (row.Sequence > storedHead)
            {
                InsertAudit(row);
                if (yieldEvery > 0 && ++inserted % yieldEvery == 0)
                {
                    Thread.Yield();
                }
            }
        }
    }

    /// <summary>The head of <paramref name="nodeId"/>'s chain in the database alone.</summary>
    public (long Sequence, byte[] Hash) ReadStoredAuditHead(string nodeId) => AuditChainHeads.ReadStored(nodeId, _readAuditHead);

    /// <summary>The batch is durable: the chain heads it advanced are the chain's.</summary>
    public void CommitAuditHeads() => _auditHeads.Commit();

    /// <summary>The records linked since the last commit were not stored anywhere.</summary>
    public void RollbackAuditHeads() => _auditHeads.Rollback();

    public void InsertCheckpoint(AuditCheckpoint checkpoint)
    {
        SqliteParameterCollection p = _insertCheckpoint.Parameters;
        p["$node_id"].Value = checkpoint.NodeId;
        p["$sequence"].Value = checkpoint.Sequence;
        p["$head_hash"].Value = checkpoint.HeadHash;
        p["$created_at"].Value = StoredTime.ToMicroseconds(checkpoint.Time);
        p["$key_id"].Value = checkpoint.KeyId;
        p["$signature"].Value = checkpoint.Signature;
        _insertCheckpoint.ExecuteNonQuery();
    }

    /// <exception cref="ConcurrencyConflictException">A key with that identifier exists.</exception>
    public void InsertSigningKey(AuditSigningKeyRecord key)
    {
        SqliteParameterCollection p = _insertSigningKey.Parameters;
        p["$id"].Value = key.KeyId;
        p["$node_id"].Value = key.NodeId;
        p["$created_at"].Value = StoredTime.ToMicroseconds(key.CreatedAt);
        p["$public_key"].Value = key.PublicKey;
        p["$private_data_key_id"].Value = key.SealedPrivateKey.DataKeyId;
        p["$private_nonce"].Value = key.SealedPrivateKey.Nonce;
        p["$private_ciphertext"].Value = key.SealedPrivateKey.Ciphertext;
        if (_insertSigningKey.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyConflictException(key.KeyId, $"audit signing key {key.KeyId} already exists");
        }
    }

    public void InsertArchive(AuditArchiveAnchor anchor)
    {
        SqliteParameterCollection p = _insertArchive.Parameters;
        p["$node_id"].Value = anchor.NodeId;
        p["$first_sequence"].Value = anchor.FirstSequence;
        p["$last_sequence"].Value = anchor.LastSequence;
        p["$last_hash"].Value = anchor.LastHash;
        p["$file_name"].Value = anchor.FileName;
        p["$file_sha256"].Value = anchor.FileSha256;
        p["$created_at"].Value = StoredTime.ToMicroseconds(anchor.CreatedAt);
        _insertArchive.ExecuteNonQuery();
    }

    public void InsertHandover(AuditKeyHandover handover)
    {
        SqliteParameterCollection p = _insertHandover.Parameters;
        p["$node_id"].Value = handover.NodeId;
        p["$old_key_id"].Value = handover.OldKeyId;
        p["$new_key_id"].Value = handover.NewKeyId;
        p["$new_public_key"].Value = handover.NewPublicKey;
        p["$created_at"].Value = StoredTime.ToMicroseconds(handover.Time);
        p["$signature"].Value = handover.Signature;
        _insertHandover.ExecuteNonQuery();
    }

    /// <returns>How many records were removed.</returns>
    public int RemoveArchived(string nodeId, long throughSequence, int limit)
    {
        SqliteParameterCollection p = _removeArchived.Parameters;
        p["$node_id"].Value = nodeId;
        p["$through"].Value = throughSequence;
        p["$limit"].Value = limit;
        return _removeArchived.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _all)
        {
            command.Dispose();
        }

        _insertAudit.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _savepoint.Dispose();
        _rollbackToSavepoint.Dispose();
        _releaseSavepoint.Dispose();
        _sha256.Dispose();
    }

    private static void SetRow(SqliteCommand command, ObjectRecord record, long now)
    {
        SqliteParameterCollection p = command.Parameters;
        p["$id"].Value = record.Id;
        p["$object_type"].Value = record.ObjectType;
        p["$state"].Value = record.State;
        p["$owner"].Value = record.Owner;
        p["$attributes"].Value = record.Attributes;
        p["$material_data_key_id"].Value = (object?)record.DataKeyId ?? DBNull.Value;
        p["$material_nonce"].Value = (object?)record.Nonce ?? DBNull.Value;
        p["$material_ciphertext"].Value = (object?)record.Ciphertext ?? DBNull.Value;
        p["$cryptographic_algorithm"].Value = record.Index.CryptographicAlgorithm is uint algorithm ? (long)algorithm : DBNull.Value;
        p["$cryptographic_length"].Value = record.Index.CryptographicLength is int length ? (long)length : DBNull.Value;
        p["$next_transition_at"].Value = record.Index.NextTransitionAt is DateTimeOffset at ? at.ToUnixTimeSeconds() : DBNull.Value;
        p["$now"].Value = now;
    }

    private void InsertIndexRows(ObjectRecord record)
    {
        foreach (string name in record.Index.Names)
        {
            _insertName.Parameters["$value"].Value = name;
            _insertName.Parameters["$id"].Value = record.Id;
            _insertName.ExecuteNonQuery();
        }

        foreach (string group in record.Index.ObjectGroups)
        {
            _insertGroup.Parameters["$value"].Value = group;
            _insertGroup.Parameters["$id"].Value = record.Id;
            _insertGroup.ExecuteNonQuery();
        }
    }

    private void DeleteIndexRows(string id)
    {
        _deleteNames.Parameters["$id"].Value = id;
        _deleteNames.ExecuteNonQuery();
        _deleteGroups.Parameters["$id"].Value = id;
        _deleteGroups.ExecuteNonQuery();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
