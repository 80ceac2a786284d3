using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Clavis.Audit;

/// <summary>
/// Runs an enumeration on a thread of its own, a bounded number of batches ahead of its consumer. Verifying a
/// journal is two halves of similar cost: the store handing over each row (SQLite, one thread) and decoding and
/// hashing it; overlapped on two cores, the wall time is the larger half instead of their sum.
/// </summary>
internal static class ReadAhead
{
    /// <summary>The items of <paramref name="source"/>, in order, read ahead on another thread. The source is
    /// enumerated and disposed on that thread only; its exceptions surface here, at the point the consumer
    /// reaches them. Disposing the result early stops the reader and waits for it, so the source's connection
    /// is free again when this returns.</summary>
    /// <param name="source">The enumeration to read ahead.</param>
    /// <param name="batchSize">Items handed over at a time (one hand-off per batch keeps synchronisation cheap).</param>
    /// <param name="batchesAhead">Most batches held ready: bounds the memory a slow consumer lets the reader fill.</param>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batchSize = 512, int batchesAhead = 8)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesAhead, 1);
        return Iterate(source, batchSize, batchesAhead);
    }

    private static IEnumerable<T> Iterate<T>(IEnumerable<T> source, int batchSize, int batchesAhead)
    {
        using var ready = new BlockingCollection<List<T>>(batchesAhead);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            var batch = new List<T>(batchSize);
            try
            {
                try
                {
                    foreach (T item in source)
                    {
                        batch.Add(item);
                        if (batch.Count == batchSize)
                        {
                            ready.Add(batch, stop.Token);
                            batch = new List<T>(batchSize);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // The items read before the failure still go to the consumer, which then meets the failure.
                    failure = ExceptionDispatchInfo.Capture(ex);
                }

                if (batch.Count > 0)
                {
                    ready.Add(batch, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early; nothing is waiting for the rest.
            }
            finally
            {
                ready.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "clavis audit read-ahead",
        };
        reader.Start();
        try
        {
            foreach (List<T> batch in ready.GetConsumingEnumerable())
            {
                foreach (T item in batch)
                {
                    yield return item;
                }
            }

            reader.Join();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }
}
