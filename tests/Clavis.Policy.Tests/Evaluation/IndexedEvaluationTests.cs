using Clavis.Policy.Documents;
using Clavis.Policy.Tests.Support;
using Xunit.Abstractions;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>
/// The index must never change a decision: on thousands of random requests against random document sets, the
/// indexed evaluator and a plain scan of every statement agree on effect, rule, reason and counter. This is what
/// shows that filing statements by subject and operation loses none and that pruning skips only statements that
/// cannot change the outcome.
/// </summary>
public class IndexedEvaluationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 3, 40)]
    [InlineData(2, 5, 200)]
    [InlineData(3, 1, 400)]
    [InlineData(4, 12, 25)]
    [InlineData(5, 2, 1500)]
    public void Indexed_evaluation_agrees_with_a_scan_of_every_statement(int seed, int documents, int statementsPerDocument)
    {
        // Scale the vocabulary with the set, so a random request meets a handful of statements, as real ones do.
        var statements = documents * statementsPerDocument;
        var random = new RandomPolicies(seed, people: Math.Max(10, statements / 20), breadth: Math.Min(0.1, 2.0 / statements), denyShare: 0.2);
        var set = PolicySet.Compile(Enumerable.Range(0, documents)
            .Select(i => new VersionedPolicyDocument(random.Document($"doc{i}", statementsPerDocument), i + 1)));
        var counts = new HashedUsageCounts();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 3000; i++)
        {
            var request = random.Request();
            var indexed = set.Evaluate(request, counts);
            var naive = NaivePolicyEvaluator.Evaluate(set, request, counts);
            Assert.True(
                (naive.Effect, naive.Rule, naive.Reason, naive.UsageCounter) == (indexed.Effect, indexed.Rule, indexed.Reason, indexed.UsageCounter),
                $"seed {seed}, request {i}: indexed {indexed} / naive {naive}");
            var kind = indexed.Rule.StartsWith("grant:", StringComparison.Ordinal) ? "grant" : indexed.Rule.Split('@')[0];
            var key = $"{indexed.Effect} {kind}{(indexed.UsageCounter is null ? "" : " counted")}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        output.WriteLine($"seed {seed}: {string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
        // The comparison only means something if the random requests reach every kind of outcome.
        Assert.Contains(outcomes.Keys, k => k.StartsWith("Allow doc", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, k => k.StartsWith("Deny doc", StringComparison.Ordinal));
        Assert.Contains("Deny default-deny", outcomes.Keys);
    }

    [Fact]
    public void Random_sets_reach_the_default_tier_grants_and_counters()
    {
        var random = new RandomPolicies(42);
        var set = PolicySet.Compile([new VersionedPolicyDocument(random.Document("doc", 30), 1)]);
        var counts = new HashedUsageCounts();
        var rules = Enumerable.Range(0, 5000).Select(_ => random.Request()).Select(request =>
        {
            var indexed = set.Evaluate(request, counts);
            var naive = NaivePolicyEvaluator.Evaluate(set, request, counts);
            Assert.Equal((naive.Effect, naive.Rule, naive.Reason, naive.UsageCounter), (indexed.Effect, indexed.Rule, indexed.Reason, indexed.UsageCounter));
            return indexed;
        }).ToList();

        Assert.Contains(rules, d => d.Rule.StartsWith("grant:", StringComparison.Ordinal));
        Assert.Contains(rules, d => d.Rule.StartsWith("clavis-default@1#", StringComparison.Ordinal));
        Assert.Contains(rules, d => d.UsageCounter is not null);
        Assert.Contains(rules, d => d.Reason.Contains("did not apply", StringComparison.Ordinal));
        Assert.Contains(rules, d => d.Effect == PolicyEffect.Deny && d.Rule.StartsWith("doc@", StringComparison.Ordinal));
    }
}
