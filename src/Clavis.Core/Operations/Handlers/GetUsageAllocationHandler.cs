using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Get Usage Allocation (KMIP 1.4 §4.12, 2.1 §6.1.24): reserves part of an object's Usage Limits for applying
/// protection, counting it as consumed. Only keys that can protect (symmetric, private, secret data, split keys),
/// that have Usage Limits, and only while protection is allowed (Active, before the Protect Stop Date, not
/// suspended). Refusals: Illegal Object Type / Attribute Not Found (KMIP 1.x: Illegal Operation), Wrong Key
/// Lifecycle State, Usage Limit Exceeded.
/// </summary>
public sealed class GetUsageAllocationHandler : OperationHandler<GetUsageAllocationRequestPayload, GetUsageAllocationResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.GetUsageAllocation;

    /// <inheritdoc/>
    protected override async ValueTask<GetUsageAllocationResponsePayload> HandleAsync(GetUsageAllocationRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        if (request.UsageLimitsCount <= 0)
        {
            KmipException.ThrowInvalidField("the Usage Limits Count to allocate must be positive");
        }

        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        bool v2 = context.Version >= ProtocolVersion.V2_0;
        if (managedObject.ObjectType is not (ObjectType.SymmetricKey or ObjectType.PrivateKey or ObjectType.SecretData or ObjectType.SplitKey))
        {
            // KMIP 1.4 §4.12: an object that cannot apply cryptographic protection gets no allocation.
            throw new KmipException(v2 ? ResultReason.IllegalObjectType : ResultReason.IllegalOperation, $"a {managedObject.ObjectType} cannot apply protection and has no usage allocation");
        }

        if (UsageLimitsValue.Read(managedObject) is not UsageLimitsValue limits)
        {
            // KMIP 1.4 §4.12: the allocation is only valid for an object that has a Usage Limits attribute.
            throw new KmipException(v2 ? ResultReason.AttributeNotFound : ResultReason.IllegalOperation, $"object {managedObject.Id} has no Usage Limits");
        }

        DateTimeOffset? protectStop = managedObject.Attributes.GetDateTime(Tag.ProtectStopDate);
        if (!ObjectLifecycle.IsUsable(managedObject) || protectStop <= context.Now)
        {
            // KMIP 1.4 §4.12: only while protection is enabled — after the Activation Date and before the Protect Stop Date.
            string why = ObjectSuspension.IsSuspended(managedObject) ? "suspended" : protectStop <= context.Now ? "past its Protect Stop Date" : managedObject.State.ToString();
            KmipException.ThrowWrongState($"object {managedObject.Id} cannot apply protection now: it is {why}");
        }

        if (request.UsageLimitsCount > limits.Remaining)
        {
            // KMIP 1.4 §4.12: the requested amount is not available.
            throw new KmipException(ResultReason.UsageLimitExceeded, $"object {managedObject.Id} has {limits.Remaining} of {limits.Total} usages left");
        }

        // KMIP 1.4 §4.12: the server assumes the whole allocation is consumed.
        (limits with { Remaining = limits.Remaining - request.UsageLimitsCount }).Write(managedObject);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, context.Now);
        context.Objects.Update(managedObject);
        return new GetUsageAllocationResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
