namespace Clavis.Storage.Sqlite;

/// <summary>
/// A write of nothing, queued so that the writer opens a database transaction, which moves the audit spool's
/// records into the database first: what readers that must see every acknowledged record wait for.
/// </summary>
internal sealed class AuditSpoolMoveWrite(CancellationToken cancellationToken) : PendingWrite(cancellationToken)
{
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now)
    {
    }
}
