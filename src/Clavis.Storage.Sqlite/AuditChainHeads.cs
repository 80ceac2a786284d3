using Clavis.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// The writer's view of every node's chain head: the sequence and hash the next record links to. Only the
/// writer thread appends, so heads advance in commit order. Heads are read from the database the first time a
/// node appears in a connection's life; a failed batch forgets them all (its appends were rolled back).
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

    private readonly Dictionary<string, (long Sequence, byte[] Hash)> _heads = new(StringComparer.Ordinal);

    /// <summary>The head of <paramref name="nodeId"/>'s chain as the current transaction sees it.</summary>
    public (long Sequence, byte[] Hash) Get(string nodeId, SqliteCommand readHead)
    {
        if (_heads.TryGetValue(nodeId, out (long Sequence, byte[] Hash) head))
        {
            return head;
        }

        readHead.Parameters["$node_id"].Value = nodeId;
        using (SqliteDataReader reader = readHead.ExecuteReader())
        {
            head = reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : (0, AuditRecordCodec.GenesisHash.ToArray());
        }

        _heads[nodeId] = head;
        return head;
    }

    public void Advance(string nodeId, long sequence, byte[] hash) => _heads[nodeId] = (sequence, hash);

    /// <summary>Forgets every head: the next append reads them again from what was committed.</summary>
    public void Clear() => _heads.Clear();
}
