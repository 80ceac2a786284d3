using Clavis.Core.Ports;

namespace Clavis.Storage.Sqlite;

/// <summary>A queued archive anchor with the archiving's own records, committed together.</summary>
internal sealed class AuditArchiveWrite : PendingWrite
{
    private readonly AuditArchiveAnchor _anchor;
    private readonly AuditRow[] _records;

    public AuditArchiveWrite(AuditArchiveAnchor anchor, AuditRow[] records, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _anchor = anchor;
        _records = records;
    }

    // Neither the insert nor the appends can conflict; any failure fails the batch.
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now)
    {
        commands.InsertArchive(_anchor);
        foreach (AuditRow row in _records)
        {
            commands.AppendAudit(row);
        }
    }
}
