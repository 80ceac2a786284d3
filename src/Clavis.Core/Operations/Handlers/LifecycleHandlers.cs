namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// The handlers of the life-cycle and discovery operations, for the server to compose with the others into a
/// <see cref="BatchExecutor"/>. They take no constructor arguments: everything comes from the <see cref="OperationContext"/>.
/// </summary>
public static class LifecycleHandlers
{
    /// <summary>Locate, Activate, Revoke, Destroy, Archive, Recover, Check, Obtain Lease and Get Usage Allocation.</summary>
    public static IReadOnlyList<IOperationHandler> Create() =>
    [
        new LocateHandler(),
        new ActivateHandler(),
        new RevokeHandler(),
        new DestroyHandler(),
        new ArchiveHandler(),
        new RecoverHandler(),
        new CheckHandler(),
        new ObtainLeaseHandler(),
        new GetUsageAllocationHandler(),
    ];
}
