namespace Clavis.Storage.Sqlite;

/// <summary>
/// The writer thread's queue. Callers add writes; the writer takes them in batches and sleeps on a monitor
/// when there are none.
/// </summary>
/// <remarks>
/// Replaces a <c>Channel</c> whose <c>WaitToReadAsync().AsTask().GetResult()</c> woke the writer through a
/// thread-pool work item (the channel completes its waiter asynchronously) and then a spin-then-block wait:
/// two hand-offs and spinning per idle-to-busy transition, which on two cores took CPU from the request
/// that was waiting for this very commit. Here the caller that finds the writer asleep pulses it directly,
/// and the writer never spins: it blocks in <see cref="Monitor.Wait(object)"/>.
/// </remarks>
internal sealed class WriteQueue
{
    private readonly object _gate = new();
    private readonly Queue<PendingWrite> _writes = new();
    private bool _writerAsleep;
    private bool _completed;

    /// <summary>Adds <paramref name="write"/>; false once the queue is completed.</summary>
    public bool TryAdd(PendingWrite write)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _writes.Enqueue(write);

            // Only a sleeping writer needs the pulse; a busy one takes the write with its next batch.
            if (_writerAsleep)
            {
                _writerAsleep = false;
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    /// <summary>Takes no more writes; the writer drains what is queued, then <see cref="TakeBatch"/> returns false.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            if (_writerAsleep)
            {
                _writerAsleep = false;
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// Blocks until writes are queued, then moves up to <paramref name="max"/> of them into <paramref name="batch"/>;
    /// false when the queue is completed and empty.
    /// </summary>
    public bool TakeBatch(List<PendingWrite> batch, int max)
    {
        lock (_gate)
        {
            while (_writes.Count == 0)
            {
                if (_completed)
                {
                    return false;
                }

                _writerAsleep = true;
                Monitor.Wait(_gate);
            }

            _writerAsleep = false;
            while (batch.Count < max && _writes.TryDequeue(out PendingWrite? write))
            {
                batch.Add(write);
            }

            return true;
        }
    }
}
