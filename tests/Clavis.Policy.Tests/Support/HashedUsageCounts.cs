using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Support;

/// <summary>Counts derived from the key's text (0–3), so random requests find counters both below and at their limits, the same for every evaluator.</summary>
internal sealed class HashedUsageCounts : IUsageCounts
{
    public long GetCount(in UsageCounterKey key)
    {
        var hash = 17;
        foreach (var c in key.ToString())
        {
            hash = unchecked((hash * 31) + c);
        }

        return (hash & 0x7fffffff) % 4;
    }
}
