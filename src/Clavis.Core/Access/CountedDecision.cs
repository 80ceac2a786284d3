using Clavis.Policy;
using Clavis.Policy.Requests;

namespace Clavis.Core.Access;

/// <summary>
/// Decides a request whose statements may count uses. The engine asks for counts synchronously, so a first
/// evaluation notes the counters it needs (taking 0 for them); when it needed any, they are read and the request is
/// decided again with their values. A decision without usage conditions costs one evaluation and no read.
/// </summary>
internal sealed class CountedDecision : IUsageCounts
{
    private readonly Func<string, CancellationToken, ValueTask<long>> _read;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private List<string>? _unread;

    private CountedDecision(Func<string, CancellationToken, ValueTask<long>> read)
    {
        _read = read;
    }

    /// <summary>Decides <paramref name="request"/>, reading the counters it needs with <paramref name="read"/>.</summary>
    /// <returns>The decision, and the counts it was made with (to stage the increment from).</returns>
    public static async ValueTask<(AccessDecision Decision, IUsageCounts Counts)> DecideAsync(
        PolicySet policies, AccessRequest request, Func<string, CancellationToken, ValueTask<long>> read, CancellationToken cancellationToken)
    {
        var counts = new CountedDecision(read);
        AccessDecision decision = policies.Evaluate(request, counts);
        if (counts._unread is { Count: > 0 } unread)
        {
            foreach (string key in unread)
            {
                counts._counts[key] = await read(key, cancellationToken).ConfigureAwait(false);
            }

            unread.Clear();
            decision = policies.Evaluate(request, counts);
        }

        return (decision, counts);
    }

    /// <inheritdoc/>
    public long GetCount(in UsageCounterKey key)
    {
        string text = key.ToString();
        if (_counts.TryGetValue(text, out long count))
        {
            return count;
        }

        (_unread ??= []).Add(text);
        return 0;
    }
}
