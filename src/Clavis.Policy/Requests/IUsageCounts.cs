namespace Clavis.Policy.Requests;

/// <summary>
/// The current value of usage counters, which the caller keeps (the engine never counts). Called synchronously
/// during evaluation, only for statements with a <c>usageCount</c> condition that matched the request, so an
/// implementation should answer from memory (counts loaded with the object, or a cache the store keeps
/// current). Must be safe to call from several threads when one instance is shared.
/// </summary>
public interface IUsageCounts
{
    /// <summary>The number of uses recorded for <paramref name="key"/>; 0 for a counter never incremented.</summary>
    /// <param name="key">The counter.</param>
    long GetCount(in UsageCounterKey key);
}
