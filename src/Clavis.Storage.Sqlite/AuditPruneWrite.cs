namespace Clavis.Storage.Sqlite;

/// <summary>A queued removal of one bounded step of archived records.</summary>
internal sealed class AuditPruneWrite : PendingWrite
{
    private readonly string _nodeId;
    private readonly long _throughSequence;
    private readonly int _limit;

    public AuditPruneWrite(string nodeId, long throughSequence, int limit, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _nodeId = nodeId;
        _throughSequence = throughSequence;
        _limit = limit;
    }

    /// <summary>How many records the step removed, once <see cref="PendingWrite.Completion"/> has succeeded.</summary>
    public int Removed { get; private set; }

    // One statement.
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now) => Removed = commands.RemoveArchived(_nodeId, _throughSequence, _limit);
}
