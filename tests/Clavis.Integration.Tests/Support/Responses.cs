using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Support;

/// <summary>Assertions on response messages that say what was expected when they fail.</summary>
public static class Responses
{
    /// <summary>The only batch item, which must have succeeded; returns its payload.</summary>
    public static T Success<T>(ResponseMessage response)
        where T : ResponsePayload
    {
        ArgumentNullException.ThrowIfNull(response);
        ResponseBatchItem item = Assert.Single(response.BatchItems);
        AssertSuccess(item);
        return Assert.IsType<T>(item.Payload);
    }

    public static void AssertSuccess(ResponseBatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Assert.True(item.ResultStatus == ResultStatus.Success, $"{item.Operation} failed: {item.ResultReason} {item.ResultMessage}");
    }

    /// <summary>The only batch item, which must have failed for <paramref name="reason"/>.</summary>
    public static ResponseBatchItem Failure(ResponseMessage response, ResultReason reason)
    {
        ArgumentNullException.ThrowIfNull(response);
        ResponseBatchItem item = Assert.Single(response.BatchItems);
        AssertFailure(item, reason);
        return item;
    }

    public static void AssertFailure(ResponseBatchItem item, ResultReason reason)
    {
        ArgumentNullException.ThrowIfNull(item);
        Assert.True(
            item.ResultStatus == ResultStatus.OperationFailed && item.ResultReason == reason,
            $"expected {item.Operation} to fail with {reason}, got {item.ResultStatus} {item.ResultReason} {item.ResultMessage}");
    }
}
