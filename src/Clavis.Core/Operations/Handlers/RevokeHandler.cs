using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Revoke (KMIP 1.4 §4.20, 2.1 §6.1.47): with Key Compromise or CA Compromise the object becomes Compromised
/// (Destroyed Compromised from Destroyed), with any other reason an Active object becomes Deactivated. The
/// Revocation Reason (code and message) is kept as the object's attribute.
/// </summary>
public sealed class RevokeHandler : OperationHandler<RevokeRequestPayload, RevokeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Revoke;

    /// <inheritdoc/>
    protected override async ValueTask<RevokeResponsePayload> HandleAsync(RevokeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        // KMIP 2.1 §6.1.47: the Revocation Reason is required.
        RevocationReason reason = request.RevocationReason ?? throw new KmipException(ResultReason.InvalidField, "Revoke needs a Revocation Reason");
        if (!Enum.IsDefined(reason.RevocationReasonCode))
        {
            KmipException.ThrowInvalidField($"unknown Revocation Reason Code {(uint)reason.RevocationReasonCode}");
        }

        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        ObjectLifecycle.Revoke(managedObject, reason.RevocationReasonCode, reason.RevocationMessage, request.CompromiseOccurrenceDate, context.Now);
        context.Objects.Update(managedObject);
        return new RevokeResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
