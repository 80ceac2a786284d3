namespace Clavis.Storage.Sqlite;

/// <summary>
/// One caller's write waiting in the writer's queue. The writer applies it inside the batch's
/// transaction (under its own savepoint) and completes the caller's task once the batch's fate is known.
/// </summary>
internal abstract class PendingWrite
{
    // Continuations run on the thread pool, never on the writer thread, which must get back to its queue.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected PendingWrite(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>The caller's token; honoured only until the writer takes the write into a batch.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Completes when the write is durable, or fails with why it is not.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The write's own failure (a conflict) after <see cref="Apply"/>, or null when it applied.</summary>
    public Exception? Failure { get; set; }

    /// <summary>
    /// False when the write is one statement group that changes nothing unless it succeeds (a single
    /// insert, update or delete checks first, then writes), so it needs no savepoint of its own.
    /// </summary>
    public abstract bool NeedsSavepoint { get; }

    /// <summary>The objects the write inserts, updates or deletes, which the object cache must drop once it commits.</summary>
    public virtual IReadOnlyList<string> ChangedObjectIds => [];

    /// <summary>Applies the write; throws <see cref="Core.Ports.ConcurrencyConflictException"/> for this write alone.</summary>
    public abstract void Apply(WriteCommands commands, long now);

    /// <summary>Called once the transaction holding the write has committed.</summary>
    public virtual void OnCommitted()
    {
        _completion.TrySetResult();
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
