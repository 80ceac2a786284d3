using Clavis.Kmip;
using Clavis.Policy.Defaults;
using Clavis.Policy.Tests.Support;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>What Compile accepts, and that one compiled set serves concurrent requests.</summary>
public class PolicySetCompileTests
{
    [Fact]
    public void Two_versions_of_one_document_are_refused()
    {
        var document = Document("payments", Allow());
        var error = Assert.Throws<ArgumentException>(() => PolicySet.Compile([new(document, 1), new(document, 2)]));
        Assert.StartsWith("two documents are named payments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operator_document_cannot_take_the_default_documents_name()
    {
        Assert.Throws<ArgumentException>(() => PolicySet.Compile([new(Document(DefaultPolicy.Name, Allow()), 1)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Versions_start_at_one(int version)
    {
        Assert.Throws<ArgumentException>(() => PolicySet.Compile([new(Document("payments", Allow()), version)]));
        Assert.Throws<ArgumentException>(() => PolicySet.Compile([], new VersionedPolicyDocument(Document("d", Allow()), version)));
    }

    [Fact]
    public void Compiled_set_reports_its_documents_in_precedence_order()
    {
        var set = PolicySet.Compile([new(Document("zeta", Allow(), Deny()), 1), new(Document("alpha", Allow()), 4)]);
        Assert.Equal([("alpha", 4), ("zeta", 1)], set.Documents.Select(d => (d.Document.Name, d.Version)));
        Assert.Equal(3, set.StatementCount);
        Assert.Equal(DefaultPolicy.Name, set.Defaults.Document.Name);
    }

    [Fact]
    public void One_set_answers_concurrent_requests_as_it_answers_them_one_by_one()
    {
        var random = new RandomPolicies(7, people: 30, breadth: 0.02, denyShare: 0.2);
        var set = PolicySet.Compile([new(random.Document("doc", 600), 1)]);
        var requests = Enumerable.Range(0, 4000).Select(_ => random.Request()).ToArray();
        var counts = new HashedUsageCounts();
        var sequential = requests.Select(request => set.Evaluate(request, counts)).Select(d => (d.Rule, d.Reason)).ToArray();
        var parallel = new (string, string)[requests.Length];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var decision = set.Evaluate(requests[i], counts);
            parallel[i] = (decision.Rule, decision.Reason);
        });
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => PolicySet.Compile(null!));
        Assert.Throws<ArgumentNullException>(() => Set().Evaluate(null!, new UsageCountTable()));
        Assert.Throws<ArgumentNullException>(() => Set().Evaluate(Request(Principal("a"), Operation.Get), null!));
        Assert.Throws<ArgumentException>(() => Set().Evaluate(Request(new Clavis.Policy.Requests.Principal { Name = null! }, Operation.Get), new UsageCountTable()));
    }
}
