using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Check (KMIP 1.4 §4.10, 2.1 §6.1.3): may the client use the object for the usage count, Cryptographic Usage
/// Mask and lease time it names? The object must be usable now: Active, or Deactivated/Compromised when the mask
/// asks only to process protected data; not suspended; on line. A refusal is Permission Denied whose message
/// names every attribute that caused it (KMIP 1.4 §11.10).
/// </summary>
public sealed class CheckHandler : OperationHandler<CheckRequestPayload, CheckResponsePayload>
{
    // KMIP 2.1 §4.57: the usages that only process already protected data, allowed after deactivation or compromise.
    private const CryptographicUsageMask ProcessingUsages = CryptographicUsageMask.Verify | CryptographicUsageMask.Decrypt
        | CryptographicUsageMask.UnwrapKey | CryptographicUsageMask.MACVerify | CryptographicUsageMask.ValidateCryptogram
        | CryptographicUsageMask.TranslateDecrypt | CryptographicUsageMask.TranslateUnwrap | CryptographicUsageMask.FPEDecrypt;

    /// <inheritdoc/>
    public override Operation Operation => Operation.Check;

    /// <inheritdoc/>
    protected override async ValueTask<CheckResponsePayload> HandleAsync(CheckRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        if (request.UsageLimitsCount is <= 0)
        {
            KmipException.ThrowInvalidField("the Usage Limits Count to check must be positive");
        }

        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        var refusals = new List<string>();
        CryptographicUsageMask? wanted = request.CryptographicUsageMask;
        bool processingOnly = wanted is CryptographicUsageMask mask && mask != 0 && (mask & ~ProcessingUsages) == 0;
        if (!ObjectLifecycle.IsUsable(managedObject) && !(processingOnly && ObjectLifecycle.IsUsableForProcessing(managedObject)))
        {
            refusals.Add(ObjectSuspension.IsSuspended(managedObject) ? "the object is suspended" : $"State {managedObject.State}");
        }

        if (request.UsageLimitsCount is long count && UsageLimitsValue.Read(managedObject) is UsageLimitsValue limits && count > limits.Remaining)
        {
            // KMIP 1.4 §4.10: the client makes sure the usage amount it needs is still available.
            refusals.Add($"Usage Limits Count ({limits.Remaining} left)");
        }

        if (wanted is CryptographicUsageMask requested)
        {
            uint allowed = (uint)(managedObject.Attributes.GetInteger(Tag.CryptographicUsageMask) ?? 0);
            if ((allowed & (uint)requested) != (uint)requested)
            {
                // KMIP 1.4 §4.10: may the object be used for these cryptographic operations?
                refusals.Add("Cryptographic Usage Mask");
            }
        }

        uint granted = LeaseTerms.Granted(managedObject, context.Services.Options);
        if (request.LeaseTime is uint lease && granted != 0 && lease > granted)
        {
            // KMIP 1.4 §4.10: may the client use the object for the lease time it asks (or longer)?
            refusals.Add($"Lease Time (at most {granted} s)");
        }

        if (refusals.Count > 0)
        {
            KmipException.ThrowPermissionDenied($"object {managedObject.Id} may not be used as asked: {string.Join(", ", refusals)}");
        }

        return new CheckResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
