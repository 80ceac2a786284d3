using System.Collections.Concurrent;
using System.Security.Cryptography;
using Clavis.Core.Identity;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

/// <summary>
/// Batch items the client asked to run asynchronously (Asynchronous Indicator Mandatory): each runs in
/// the background under an Asynchronous Correlation Value that Poll and Cancel name. Only the identity
/// that started one may poll or cancel it. Results are kept in memory for <see cref="Retention"/>;
/// a server restart forgets pending and finished ones (the client polls and gets Item Not Found).
/// </summary>
public sealed class AsynchronousOperations
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long a finished result stays available to Poll.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Starts <paramref name="run"/> in the background.</summary>
    /// <returns>The Asynchronous Correlation Value.</returns>
    public byte[] Start(RequestBatchItem item, RequestContext context, Func<CancellationToken, Task<OperationOutcome>> run)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        Evict();
        byte[] correlation = RandomNumberGenerator.GetBytes(16);
        var entry = new Entry(context.Identity.CertificateFingerprint, new CancellationTokenSource());
        _entries[Convert.ToHexString(correlation)] = entry;
        entry.Task = Task.Run(async () =>
        {
            try
            {
                return await run(entry.Cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                entry.FinishedAt = DateTimeOffset.UtcNow;
            }
        });
        return correlation;
    }

    /// <summary>The state of an asynchronous operation for Poll.</summary>
    /// <exception cref="KmipException">Unknown correlation value, or another client's operation (Item Not Found either way).</exception>
    /// <returns>The outcome, or null while it is still running.</returns>
    public OperationOutcome? Poll(byte[] correlation, ClientIdentity identity)
    {
        Entry entry = Find(correlation, identity);
        if (!entry.Task!.IsCompleted)
        {
            return null;
        }

        _entries.TryRemove(Convert.ToHexString(correlation), out _);
        return entry.Task.IsCanceled
            ? OperationOutcome.Failed(ResultReason.GeneralFailure, "the operation was cancelled")
            : entry.Task.Result;
    }

    /// <summary>Cancels an asynchronous operation.</summary>
    /// <exception cref="KmipException">Unknown correlation value, or another client's operation.</exception>
    public CancellationResult Cancel(byte[] correlation, ClientIdentity identity)
    {
        Entry entry = Find(correlation, identity);
        if (entry.Task!.IsCompleted)
        {
            return CancellationResult.Completed;
        }

        entry.Cancellation.Cancel();
        return CancellationResult.Canceled;
    }

    private Entry Find(byte[] correlation, ClientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        ArgumentNullException.ThrowIfNull(identity);
        if (_entries.TryGetValue(Convert.ToHexString(correlation), out Entry? entry) && entry.Owner == identity.CertificateFingerprint)
        {
            return entry;
        }

        throw new KmipException(ResultReason.ItemNotFound, "no asynchronous operation with that correlation value");
    }

    private void Evict()
    {
        DateTimeOffset cutoff = DateTimeOffset.UtcNow - Retention;
        foreach (KeyValuePair<string, Entry> pair in _entries)
        {
            if (pair.Value.FinishedAt is DateTimeOffset finished && finished < cutoff)
            {
                _entries.TryRemove(pair.Key, out _);
            }
        }
    }

    private sealed class Entry(string owner, CancellationTokenSource cancellation)
    {
        public string Owner { get; } = owner;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task<OperationOutcome>? Task { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }
    }
}
