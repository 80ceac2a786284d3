using Clavis.Core.Audit;

namespace Clavis.Storage.Sqlite;

/// <summary>A queued checkpoint or checkpoint signing key.</summary>
internal sealed class AuditWrite : PendingWrite
{
    private readonly AuditCheckpoint? _checkpoint;
    private readonly AuditSigningKeyRecord? _signingKey;

    public AuditWrite(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _checkpoint = checkpoint;
    }

    public AuditWrite(AuditSigningKeyRecord signingKey, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _signingKey = signingKey;
    }

    // One statement each: a conflicting key insert changes nothing.
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now)
    {
        if (_checkpoint is not null)
        {
            commands.InsertCheckpoint(_checkpoint);
        }

        if (_signingKey is not null)
        {
            commands.InsertSigningKey(_signingKey);
        }
    }
}
