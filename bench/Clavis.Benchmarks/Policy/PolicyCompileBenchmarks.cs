using BenchmarkDotNet.Attributes;
using Clavis.Policy;
using Clavis.Policy.Documents;

namespace Clavis.Benchmarks.Policy;

/// <summary>
/// What replacing the policy costs when documents change: parsing 10,000 statements (100 documents) from JSON,
/// and compiling the parsed documents into the indexed evaluator.
/// </summary>
[MemoryDiagnoser]
public class PolicyCompileBenchmarks
{
    private PolicyWorkload _workload = null!;
    private List<VersionedPolicyDocument> _documents = null!;

    [Params(10_000)]
    public int Statements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new PolicyWorkload(Statements);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _documents = [.. _workload.Parse()];
        var parsed = GC.GetTotalMemory(forceFullCollection: true);
        var set = PolicySet.Compile(_documents);
        var compiled = GC.GetTotalMemory(forceFullCollection: true);
        // Printed into the run's log: what a server holds for this policy (documents, then the index on top).
        Console.WriteLine($"// {Statements} statements: parsed documents retain {(parsed - before) / 1024} KiB, the compiled set {(compiled - parsed) / 1024} KiB more");
        GC.KeepAlive(set);
    }

    [Benchmark]
    public int Parse() => _workload.Json.Sum(json => PolicyDocument.Parse(json).Statements.Length);

    [Benchmark]
    public PolicySet Compile() => PolicySet.Compile(_documents);
}
