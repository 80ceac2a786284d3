using Clavis.Core.Audit;

namespace Clavis.Storage.Sqlite;

/// <summary>A queued signing-key rotation: the new key, the old key's hand-over to it, and the rotation's records.</summary>
internal sealed class AuditKeyRotationWrite : PendingWrite
{
    private readonly AuditSigningKeyRecord _key;
    private readonly AuditKeyHandover _handover;
    private readonly AuditRow[] _records;

    public AuditKeyRotationWrite(AuditSigningKeyRecord key, AuditKeyHandover handover, AuditRow[] records, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _key = key;
        _handover = handover;
        _records = records;
    }

    // Only the key insert can conflict, and it comes first: a conflict has changed nothing yet.
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now)
    {
        commands.InsertSigningKey(_key);
        commands.InsertHandover(_handover);
        foreach (AuditRow row in _records)
        {
            commands.AppendAudit(row);
        }
    }
}
