using System.Collections.Concurrent;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Support;

/// <summary>Usage counts held in memory, as a caller would keep them; records which counters were read.</summary>
internal sealed class UsageCountTable : IUsageCounts
{
    private readonly ConcurrentDictionary<UsageCounterKey, long> _counts = new();

    public List<UsageCounterKey> Reads { get; } = [];

    public long GetCount(in UsageCounterKey key)
    {
        lock (Reads)
        {
            Reads.Add(key);
        }

        return _counts.TryGetValue(key, out var count) ? count : 0;
    }

    public void Set(UsageCounterKey key, long count) => _counts[key] = count;

    /// <summary>What the caller does with an allow decision's counter.</summary>
    public void Apply(AccessDecision decision)
    {
        if (decision.UsageCounter is { } counter)
        {
            _counts.AddOrUpdate(counter.Key, 1, (_, count) => count + 1);
        }
    }
}
