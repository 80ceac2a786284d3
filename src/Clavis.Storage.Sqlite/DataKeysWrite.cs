using Clavis.Core.Ports;

namespace Clavis.Storage.Sqlite;

/// <summary>A queued save of data keys: inserted, or replaced after a master-key rotation.</summary>
internal sealed class DataKeysWrite : PendingWrite
{
    private readonly DataKeyRecord[] _keys;

    public DataKeysWrite(IReadOnlyList<DataKeyRecord> keys, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _keys = [.. keys];
    }

    // Upserts cannot conflict; any failure fails the whole batch.
    public override bool NeedsSavepoint => false;

    public override void Apply(WriteCommands commands, long now)
    {
        foreach (DataKeyRecord key in _keys)
        {
            commands.SaveDataKey(key);
        }
    }
}
