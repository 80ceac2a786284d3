using Clavis.Policy.Conditions;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Requests;

/// <summary>
/// STABLE FORMAT: stores find counters by this text. If a case fails, the format changed and every stored count
/// would silently restart at zero; keep the old format or migrate the stored counters with the change.
/// </summary>
public class UsageCounterKeyTests
{
    [Theory]
    [InlineData(UsageCountScope.Object, "k-1", null, "payments#three|object=k-1")]
    [InlineData(UsageCountScope.Principal, null, "alice", "payments#three|principal=alice")]
    [InlineData(UsageCountScope.ObjectAndPrincipal, "k-1", "alice", "payments#three|object=k-1|principal=alice")]
    [InlineData(UsageCountScope.ObjectAndPrincipal, "a|b%c", "CN=x|y", "payments#three|object=a%7Cb%25c|principal=CN=x%7Cy")]
    public void Key_text_is_stable(UsageCountScope scope, string? objectId, string? principal, string text) =>
        Assert.Equal(text, new UsageCounterKey("payments#three", scope, objectId, principal).ToString());
}
