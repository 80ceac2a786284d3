using Clavis.Core.Objects;
using Clavis.Core.Ports;

namespace Clavis.Storage.Sqlite;

/// <summary>A queued <see cref="ObjectChangeSet"/>, its rows encoded at queue time.</summary>
internal sealed class ChangeSetWrite : PendingWrite
{
    private readonly ObjectRecord[] _inserts;
    private readonly ObjectRecord[] _updates;
    private readonly (ManagedObject Source, long Version)[] _deletes;
    private readonly AuditRow[] _audit;
    private readonly DocumentChange[] _documents;
    private readonly CounterChange[] _counters;

    public ChangeSetWrite(ObjectChangeSet changes, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _inserts = [.. changes.Inserts.Select(ObjectRecord.From)];
        _updates = [.. changes.Updates.Select(ObjectRecord.From)];
        _deletes = [.. changes.Deletes.Select(d => (d, d.Version))];
        _audit = [.. changes.AuditRecords.Select(AuditRow.From)];
        _documents = [.. changes.Documents];
        _counters = [.. changes.Counters];
        // Most change sets on the hot path are audit records alone: they change no object and allocate nothing here.
        ChangedObjectIds = _inserts.Length + _updates.Length + _deletes.Length == 0
            ? []
            : [.. _inserts.Select(static r => r.Id), .. _updates.Select(static r => r.Id), .. _deletes.Select(static d => d.Source.Id)];
    }

    // Audit appends come last and cannot conflict (any failure of theirs fails the batch), so only several
    // conditional statements need a savepoint: a conflict in the first one has changed nothing yet.
    public override bool NeedsSavepoint => _inserts.Length + _updates.Length + _deletes.Length + _documents.Length + _counters.Length > 1;

    public override IReadOnlyList<string> ChangedObjectIds { get; }

    /// <summary>The records, when the change set is audit records alone (a use's): the audit spool may take those.</summary>
    public AuditRow[]? AuditRecordsAlone =>
        _inserts.Length + _updates.Length + _deletes.Length + _documents.Length + _counters.Length == 0 ? _audit : null;

    public override void Apply(WriteCommands commands, long now)
    {
        foreach (ObjectRecord insert in _inserts)
        {
            commands.Insert(insert, now);
        }

        foreach (ObjectRecord update in _updates)
        {
            commands.Update(update, now);
        }

        foreach ((ManagedObject source, long version) in _deletes)
        {
            commands.Delete(source.Id, version);
        }

        foreach (DocumentChange document in _documents)
        {
            commands.WriteDocument(document);
        }

        foreach (CounterChange counter in _counters)
        {
            commands.WriteCounter(counter);
        }

        // After every conditional statement: a conflict above leaves the chain untouched.
        foreach (AuditRow row in _audit)
        {
            commands.AppendAudit(row);
        }
    }

    // The new versions are set only now, so a failed or conflicting commit leaves the caller's objects as they were.
    public override void OnCommitted()
    {
        foreach (ObjectRecord insert in _inserts)
        {
            insert.Source.Version = 1;
        }

        foreach (ObjectRecord update in _updates)
        {
            update.Source.Version = update.Version + 1;
        }

        base.OnCommitted();
    }
}
