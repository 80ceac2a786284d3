using BenchmarkDotNet.Attributes;
using Clavis.Policy;
using Clavis.Policy.Requests;

namespace Clavis.Benchmarks.Policy;

/// <summary>
/// Cost of one policy decision against a compiled set of 1, 100 and 10,000 statements (<see cref="PolicyWorkload"/>),
/// cycling through 1,024 prepared requests so that no single request's path dominates. <c>Evaluate</c> is what the
/// server pays per batch item; <c>Evaluate_and_format_reason</c> adds the reason text the audit record carries.
/// Issue 6's target: under 5 µs per decision at 10,000 statements.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private const int RequestCount = 1024;
    private readonly IUsageCounts _counts = new FixedUsageCounts();
    private PolicySet _set = null!;
    private AccessRequest[] _requests = null!;
    private int _next;

    [Params(1, 100, 10_000)]
    public int Statements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var workload = new PolicyWorkload(Statements);
        _set = PolicySet.Compile(workload.Parse());
        _requests = workload.Requests(RequestCount);
        var decisions = _requests.Select(request => _set.Evaluate(request, _counts)).ToList();
        // Printed into the run's log, so RESULTS.md can say what mix of decisions was measured.
        Console.WriteLine($"// {Statements} statements: {decisions.Count(d => d.IsAllowed)} of {RequestCount} requests allowed; " +
            $"by operator statements {decisions.Count(d => d.Rule.StartsWith("site-", StringComparison.Ordinal))}, " +
            $"by the default tier {decisions.Count(d => d.Rule.StartsWith("clavis-default", StringComparison.Ordinal) || d.Rule.StartsWith("grant:", StringComparison.Ordinal))}, " +
            $"default-deny {decisions.Count(d => d.Rule == AccessDecision.DefaultDenyRule)}");
    }

    [Benchmark]
    public AccessDecision Evaluate() => _set.Evaluate(_requests[_next++ & (RequestCount - 1)], _counts);

    [Benchmark]
    public string Evaluate_and_format_reason() => _set.Evaluate(_requests[_next++ & (RequestCount - 1)], _counts).Reason;

    private sealed class FixedUsageCounts : IUsageCounts
    {
        public long GetCount(in UsageCounterKey key) => 1;
    }
}
