using Clavis.Core.Operations;
using Clavis.Kmip;

namespace Clavis.Core.Tests.Operations;

public class FailureMappingTests
{
    [Theory]
    [InlineData(ResultReason.WrongKeyLifecycleState, "1.2", ResultReason.PermissionDenied)]
    [InlineData(ResultReason.WrongKeyLifecycleState, "2.0", ResultReason.WrongKeyLifecycleState)]
    [InlineData(ResultReason.AttributeNotFound, "1.4", ResultReason.ItemNotFound)]
    [InlineData(ResultReason.AttributeReadOnly, "1.0", ResultReason.PermissionDenied)]
    [InlineData(ResultReason.ObjectDestroyed, "2.0", ResultReason.ObjectDestroyed)]
    [InlineData(ResultReason.ObjectDestroyed, "1.4", ResultReason.KeyValueNotPresent)]
    [InlineData(ResultReason.ObjectDestroyed, "1.0", ResultReason.ItemNotFound)]
    [InlineData(ResultReason.AttributeSingleValued, "1.2", ResultReason.IllegalOperation)]
    [InlineData(ResultReason.ItemNotFound, "1.0", ResultReason.ItemNotFound)]
    [InlineData(ResultReason.ObjectArchived, "1.0", ResultReason.ObjectArchived)]
    public void A_reason_the_clients_version_lacks_becomes_the_nearest_one_it_has(ResultReason reason, string version, ResultReason expected)
    {
        Assert.True(ProtocolVersion.TryParse(version, out ProtocolVersion parsed));
        Assert.Equal(expected, FailureMapping.ForVersion(reason, parsed));
    }
}
