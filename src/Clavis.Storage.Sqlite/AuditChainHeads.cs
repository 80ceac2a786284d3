using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// The writer's view of every node's chain head: the sequence and hash the next record links to. Only the
/// writer thread appends, so heads advance in commit order. A head is read the first time a node appears in a
/// connection's life: the database's, or the audit spool's newest record when that is further on. Heads a batch
/// advanced count only once the batch is durable (<see cref="Commit"/>); a failed batch drops them
/// (<see cref="Rollback"/>), and a failed connection takes this whole view with it.
/// </summary>
internal sealed class AuditChainHeads
{
    /// <summary>
    /// The head of a node's chain as committed: its newest record, or when every record up to an archive anchor
    /// was removed, the anchor (whose last record the next one links to). Never the genesis of a chain that was
    /// archived: that would restart it at sequence 1.
    /// </summary>
    public const string ReadHeadSql =
        """
        SELECT sequence, hash FROM (SELECT sequence, hash FROM audit_records WHERE node_id = $node_id ORDER BY sequence DESC LIMIT 1)
        UNION ALL
        SELECT sequence, hash FROM (SELECT last_sequence AS sequence, last_hash AS hash FROM audit_archives WHERE node_id = $node_id ORDER BY last_sequence DESC LIMIT 1)
        ORDER BY sequence DESC LIMIT 1
        """;

    private readonly Dictionary<string, (long Sequence, byte[] Hash)> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Sequence, byte[] Hash)> _advanced = new(StringComparer.Ordinal);
    private readonly AuditSpool? _spool;

    public AuditChainHeads(AuditSpool? spool)
    {
        _spool = spool;
    }

    /// <summary>The head of <paramref name="nodeId"/>'s chain as the current batch sees it.</summary>
    public (long Sequence, byte[] Hash) Get(string nodeId, SqliteCommand readHead)
    {
        if (_advanced.TryGetValue(nodeId, out (long Sequence, byte[] Hash) head) || _committed.TryGetValue(nodeId, out head))
        {
            return head;
        }

        head = ReadStored(nodeId, readHead);
        if (_spool is not null && _spool.TryGetLast(nodeId, out StoredAuditRecord last) && last.Sequence > head.Sequence)
        {
            head = (last.Sequence, last.Hash);
        }

        _committed[nodeId] = head;
        return head;
    }

    /// <summary>The head of <paramref name="nodeId"/>'s chain in the database alone, read now.</summary>
    public static (long Sequence, byte[] Hash) ReadStored(string nodeId, SqliteCommand readHead)
    {
        readHead.Parameters["$node_id"].Value = nodeId;
        using SqliteDataReader reader = readHead.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : (0, AuditRecordCodec.GenesisHash.ToArray());
    }

    /// <summary>Moves <paramref name="nodeId"/>'s head on, for the current batch.</summary>
    public void Advance(string nodeId, long sequence, byte[] hash) => _advanced[nodeId] = (sequence, hash);

    /// <summary>The batch is durable: its heads are the chain's.</summary>
    public void Commit()
    {
        foreach (KeyValuePair<string, (long Sequence, byte[] Hash)> head in _advanced)
        {
            _committed[head.Key] = head.Value;
        }

        _advanced.Clear();
    }

    /// <summary>The batch failed: its records were not stored, so the heads go back to where it found them.</summary>
    public void Rollback() => _advanced.Clear();
}
