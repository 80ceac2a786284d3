using Clavis.Kmip;

namespace Clavis.Core.Operations.Handlers;

/// <summary>Every operation handler this server composes, in one list.</summary>
public static class KmipHandlerCatalog
{
    /// <summary>Creates the handlers.</summary>
    /// <param name="asynchronous">The registry Poll and Cancel consult.</param>
    /// <param name="operations">The operations the executor serves (for Query).</param>
    /// <param name="services">Store, barrier, clock and settings.</param>
    public static IReadOnlyList<IOperationHandler> Create(AsynchronousOperations asynchronous, Func<IEnumerable<Operation>> operations, KmipServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return
        [
            new DiscoverVersionsHandler(),
            new QueryHandler(operations),
            new PollHandler(asynchronous),
            new CancelHandler(asynchronous),
            .. ObjectHandlers.All(),
            .. LifecycleHandlers.Create(),
            .. CryptoHandlers.All(),
        ];
    }
}
