using Clavis.Client.Connections;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Without servers: RFC 2782 ordering, which operations are repeated after a lost answer, and the back-off.</summary>
public sealed class ServerSelectionTests
{
    [Fact]
    public void Lower_priority_always_comes_first_and_weights_share_the_first_place()
    {
        var clock = new ManualClock();
        ServerNode a = Node("a", 0, 10, clock), b = Node("b", 0, 30, clock), c = Node("c", 0, 60, clock), backup = Node("backup", 1, 100, clock);
        ServerNode[] sorted = ServerOrdering.SortByPriority([backup, a, b, c]);
        var random = new Random(2782);
        var first = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        const int Rounds = 20_000;

        for (int i = 0; i < Rounds; i++)
        {
            List<ServerNode> order = ServerOrdering.Order(sorted, random);
            Assert.Equal(4, order.Count);
            Assert.Same(backup, order[3]);
            Assert.Equal(3, order.Take(3).Distinct().Count());
            first[order[0].Endpoint.Host]++;
        }

        // Shares of 10 %, 30 % and 60 % (the exact counts follow from the seed; the bounds are wide on purpose).
        Assert.InRange(first["a"] / (double)Rounds, 0.08, 0.12);
        Assert.InRange(first["b"] / (double)Rounds, 0.27, 0.33);
        Assert.InRange(first["c"] / (double)Rounds, 0.57, 0.63);
    }

    [Fact]
    public void A_zero_weight_server_is_rarely_first_beside_a_weighted_one()
    {
        var clock = new ManualClock();
        ServerNode zero = Node("zero", 5, 0, clock), weighted = Node("weighted", 5, 100, clock);
        var random = new Random(7);
        int zeroFirst = 0;

        for (int i = 0; i < 10_000; i++)
        {
            if (ServerOrdering.Order([zero, weighted], random)[0] == zero)
            {
                zeroFirst++;
            }
        }

        // RFC 2782: chosen first only when the random number is exactly 0, 1 in 101.
        Assert.InRange(zeroFirst, 1, 300);
    }

    [Fact]
    public void Configured_servers_keep_their_order()
    {
        var clock = new ManualClock();
        ServerNode[] listed = [Node("one", 0, 0, clock), Node("two", 1, 0, clock), Node("three", 2, 0, clock)];

        Assert.Equal(listed, ServerOrdering.Order(listed, new Random(1)));
    }

    [Theory]
    [InlineData(Operation.Get, true)]
    [InlineData(Operation.GetAttributes, true)]
    [InlineData(Operation.GetAttributeList, true)]
    [InlineData(Operation.Locate, true)]
    [InlineData(Operation.Check, true)]
    [InlineData(Operation.Query, true)]
    [InlineData(Operation.DiscoverVersions, true)]
    [InlineData(Operation.Validate, true)]
    [InlineData(Operation.Export, true)]
    [InlineData(Operation.Encrypt, true)]
    [InlineData(Operation.Decrypt, true)]
    [InlineData(Operation.Sign, true)]
    [InlineData(Operation.SignatureVerify, true)]
    [InlineData(Operation.MAC, true)]
    [InlineData(Operation.MACVerify, true)]
    [InlineData(Operation.Hash, true)]
    [InlineData(Operation.RNGRetrieve, true)]
    [InlineData(Operation.Create, false)]
    [InlineData(Operation.CreateKeyPair, false)]
    [InlineData(Operation.Register, false)]
    [InlineData(Operation.ReKey, false)]
    [InlineData(Operation.ReKeyKeyPair, false)]
    [InlineData(Operation.DeriveKey, false)]
    [InlineData(Operation.Certify, false)]
    [InlineData(Operation.Destroy, false)]
    [InlineData(Operation.Revoke, false)]
    [InlineData(Operation.Activate, false)]
    [InlineData(Operation.Archive, false)]
    [InlineData(Operation.Recover, false)]
    [InlineData(Operation.AddAttribute, false)]
    [InlineData(Operation.ModifyAttribute, false)]
    [InlineData(Operation.DeleteAttribute, false)]
    [InlineData(Operation.SetAttribute, false)]
    [InlineData(Operation.AdjustAttribute, false)]
    [InlineData(Operation.RNGSeed, false)]
    [InlineData(Operation.ObtainLease, false)]
    [InlineData(Operation.GetUsageAllocation, false)]
    [InlineData(Operation.Poll, false)]
    [InlineData(Operation.Cancel, false)]
    [InlineData(Operation.Import, false)]
    public void Each_operation_is_classified_as_safe_to_repeat_or_not(Operation operation, bool repeatable)
    {
        Assert.Equal(repeatable, RetrySafety.IsRepeatable(operation));
    }

    [Fact]
    public void Streamed_cryptography_is_not_repeated_but_one_shot_is()
    {
        Assert.True(RetrySafety.IsRepeatable(new EncryptRequestPayload { UniqueIdentifier = "k", Data = [1] }));
        Assert.True(RetrySafety.IsRepeatable(new EncryptRequestPayload { UniqueIdentifier = "k", Data = [1], IVCounterNonce = new byte[12] }));
        Assert.False(RetrySafety.IsRepeatable(new EncryptRequestPayload { UniqueIdentifier = "k", Data = [1], InitIndicator = true }));
        Assert.False(RetrySafety.IsRepeatable(new DecryptRequestPayload { Data = [1], CorrelationValue = [9] }));
        Assert.False(RetrySafety.IsRepeatable(new SignRequestPayload { Data = [1], FinalIndicator = true }));
        Assert.False(RetrySafety.IsRepeatable(new MACRequestPayload { Data = [1], CorrelationValue = [9] }));
        Assert.False(RetrySafety.IsRepeatable(new HashRequestPayload { Data = [1], InitIndicator = true }));
        Assert.True(RetrySafety.IsRepeatable(new HashRequestPayload { Data = [1], InitIndicator = false, FinalIndicator = false }));
    }

    [Fact]
    public void A_batch_is_repeated_only_when_every_item_is_safe()
    {
        RequestMessage reads = Message(new GetRequestPayload { UniqueIdentifier = "k" }, new GetAttributesRequestPayload { UniqueIdentifier = "k" });
        RequestMessage mixed = Message(new GetRequestPayload { UniqueIdentifier = "k" }, new DestroyRequestPayload { UniqueIdentifier = "k" });

        Assert.True(RetrySafety.IsRepeatable(reads));
        Assert.False(RetrySafety.IsRepeatable(mixed));
    }

    [Fact]
    public void A_failed_server_is_skipped_for_a_back_off_that_doubles_up_to_the_ceiling_and_one_request_probes_it()
    {
        var clock = new ManualClock();
        ServerNode node = Node("kms", 0, 0, clock);
        Assert.True(node.TryClaim());

        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)];
        foreach (TimeSpan backoff in expected)
        {
            node.MarkFailure("connection refused");
            KmipServerStatus down = node.Snapshot();
            Assert.Equal(KmipServerHealth.Down, down.Health);
            Assert.Equal("connection refused", down.LastError);
            Assert.Equal(clock.Now + backoff, down.RetryAfter);

            clock.Now += backoff - TimeSpan.FromMilliseconds(1);
            Assert.False(node.IsAvailable);
            Assert.False(node.TryClaim());

            clock.Now += TimeSpan.FromMilliseconds(1);
            Assert.True(node.IsAvailable);
            Assert.True(node.TryClaim());
            // The first caller probes; the others keep skipping it meanwhile.
            Assert.False(node.TryClaim());
        }

        node.MarkSuccess();
        KmipServerStatus up = node.Snapshot();
        Assert.Equal(KmipServerHealth.Up, up.Health);
        Assert.Equal(0, up.ConsecutiveFailures);
        Assert.Equal(clock.Now, up.LastSuccess);
        Assert.Null(up.RetryAfter);
        Assert.Equal("connection refused", up.LastError);
        Assert.True(node.TryClaim());
        Assert.True(node.TryClaim());

        // After a success the back-off starts again from the first step.
        node.MarkFailure("reset");
        Assert.Equal(clock.Now + TimeSpan.FromSeconds(1), node.Snapshot().RetryAfter);
    }

    private static ServerNode Node(string host, int priority, int weight, ManualClock clock) =>
        new(new KmipServerEndpoint(host), KmipServerSource.DnsSrv, priority, weight, pool: null, clock, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private static RequestMessage Message(params RequestPayload[] payloads)
    {
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        foreach (RequestPayload payload in payloads)
        {
            message.BatchItems.Add(new RequestBatchItem(payload));
        }

        return message;
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
