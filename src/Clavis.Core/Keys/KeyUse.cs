using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireManagedObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>Whether a use applies protection (encrypt, sign, MAC, wrap, derive) or processes protected data (decrypt, verify, unwrap).</summary>
public enum KeyPurpose
{
    /// <summary>Encrypt, Sign, MAC, wrap, derive: only while Active and before the Protect Stop Date.</summary>
    Protect,

    /// <summary>Decrypt, Signature Verify, MAC Verify, unwrap: also while Deactivated or Compromised, from the Process Start Date.</summary>
    Process,
}

/// <summary>
/// The one gate every cryptographic use of a managed key passes (KMIP's own rules, which apply before any
/// access policy): the client may see the object; it is of a type the operation uses; its state, dates and
/// suspension allow the use; its Cryptographic Usage Mask has the bit; the server holds its value (not a
/// key the client registered wrapped); and its Usage Limits have room, counted in the request's unit of work
/// so the count is durable with the response.
/// </summary>
internal static class KeyUse
{
    /// <summary>Loads, checks and opens the key <paramref name="requestedId"/> names for one use.</summary>
    /// <param name="context">The request.</param>
    /// <param name="requestedId">The Unique Identifier in the request, or null for the ID Placeholder.</param>
    /// <param name="operation">The operation, for messages.</param>
    /// <param name="needed">The usage bit the use needs.</param>
    /// <param name="purpose">Protect or process.</param>
    /// <param name="allowedTypes">The object types the operation can use.</param>
    /// <param name="usageAmount">The units of Usage Limits consumed: 1 for an Object unit; for a Byte unit, the data length.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <param name="continuesStream">
    /// True for a later part of a streamed operation whose first part was counted: an Object-unit Usage Limit is
    /// not counted again (Byte-unit limits still count the part's bytes), and every other check runs again so a
    /// key revoked or deactivated mid-stream stops the stream.
    /// </param>
    /// <param name="readOnly">
    /// True when the operation only reads the key object (Encrypt, Decrypt, Sign, MAC…): the returned
    /// <see cref="UsableKey.Object"/> is then the request's shared view, which the caller must not change, and the
    /// object is copied only when a due transition or a Usage Limits count changes it. False (the default) gives a
    /// working copy the caller may change and stage.
    /// </param>
    /// <exception cref="KmipException">
    /// Item Not Found, Permission Denied, Illegal Object Type, Wrong Key Lifecycle State, Incompatible
    /// Cryptographic Usage Mask, Key Value Not Present, Usage Limit Exceeded — each mapped to the client's version.
    /// </exception>
    public static async ValueTask<UsableKey> AcquireAsync(
        OperationContext context,
        string? requestedId,
        Operation operation,
        CryptographicUsageMask needed,
        KeyPurpose purpose,
        IReadOnlyCollection<ObjectType> allowedTypes,
        long usageAmount,
        CancellationToken cancellationToken,
        bool continuesStream = false,
        bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowedTypes);
        ManagedObject managedObject = readOnly
            ? await HandlerObjects.ReadAsync(context, requestedId, cancellationToken).ConfigureAwait(false)
            : await HandlerObjects.LoadAsync(context, requestedId, cancellationToken).ConfigureAwait(false);
        ProtocolVersion version = context.Version;
        if (!allowedTypes.Contains(managedObject.ObjectType))
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.IllegalObjectType, version),
                $"{operation} cannot use a {managedObject.ObjectType} (object {managedObject.Id})");
        }

        CheckState(managedObject, operation, purpose, context);

        var mask = (CryptographicUsageMask)(uint)(managedObject.Attributes.GetInteger(Tag.CryptographicUsageMask) ?? 0);
        if ((mask & needed) == 0)
        {
            // KMIP 2.1 §4.21: the server SHALL refuse an operation the Cryptographic Usage Mask does not allow.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.IncompatibleCryptographicUsageMask, version),
                $"object {managedObject.Id} may not be used for {operation}: its Cryptographic Usage Mask lacks {needed}");
        }

        if (managedObject.Material is null)
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.ObjectDestroyed, version),
                $"object {managedObject.Id} has no key material");
        }

        // A read-only use may share the body other items of this message opened: the message zeroes it at its end.
        OpenedBodies? shared = readOnly ? context.OpenedBodies : null;
        (WireManagedObject body, KeySchedules? schedules) = shared is not null
            ? shared.Open(context.Services.Barrier, managedObject.Id, managedObject.Material)
            : (ObjectBodyCodec.Open(context.Services.Barrier, managedObject.Id, managedObject.Material), null);
        bool ownsBody = shared is null;
        KeyBlock? block = ObjectBodyCodec.KeyBlockOf(body);
        if (block is null || block.KeyWrappingData is not null || block.WrappedKeyValue is not null)
        {
            if (ownsBody)
            {
                UsableKey.Erase(body);
            }

            // DESIGN.md: a key the client registered wrapped is stored as it came; the server never sees its value.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.KeyValueNotPresent, version),
                $"object {managedObject.Id} was registered wrapped by the client; the server does not hold its value and cannot use it for {operation}");
        }

        try
        {
            managedObject = ConsumeUsage(managedObject, readOnly, operation, purpose, usageAmount, continuesStream, context);
        }
        catch
        {
            if (ownsBody)
            {
                UsableKey.Erase(body);
            }

            throw;
        }

        return new UsableKey(managedObject, body, block, ownsBody) { Schedules = schedules };
    }

    private static void CheckState(ManagedObject managedObject, Operation operation, KeyPurpose purpose, OperationContext context)
    {
        DateTimeOffset now = context.Now;
        if (purpose == KeyPurpose.Protect)
        {
            DateTimeOffset? protectStop = managedObject.Attributes.GetDateTime(Tag.ProtectStopDate);
            if (!ObjectLifecycle.IsUsable(managedObject) || protectStop <= now)
            {
                // KMIP 2.1 §4.57/§4.48: protection only while Active and before the Protect Stop Date.
                string why = ObjectSuspension.IsSuspended(managedObject) ? "suspended"
                    : protectStop <= now ? $"past its Protect Stop Date ({protectStop:O})"
                    : managedObject.State.ToString();
                throw new KmipException(
                    FailureMapping.ForVersion(ResultReason.WrongKeyLifecycleState, context.Version),
                    $"object {managedObject.Id} cannot be used for {operation}: it is {why}");
            }

            return;
        }

        DateTimeOffset? processStart = managedObject.Attributes.GetDateTime(Tag.ProcessStartDate);
        if (!ObjectLifecycle.IsUsableForProcessing(managedObject) || processStart > now)
        {
            // KMIP 2.1 §4.57/§4.45: processing while Active, Deactivated or Compromised, from the Process Start Date.
            string why = ObjectSuspension.IsSuspended(managedObject) ? "suspended"
                : processStart > now ? $"before its Process Start Date ({processStart:O})"
                : managedObject.State.ToString();
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.WrongKeyLifecycleState, context.Version),
                $"object {managedObject.Id} cannot be used for {operation}: it is {why}");
        }
    }

    // Returns the object the use goes on with: a copy carrying the new count when a shared view was counted.
    private static ManagedObject ConsumeUsage(ManagedObject managedObject, bool shared, Operation operation, KeyPurpose purpose, long usageAmount, bool continuesStream, OperationContext context)
    {
        // KMIP 2.1 §4.64: Usage Limits bound the protection applied with a key; processing does not consume them.
        if (purpose != KeyPurpose.Protect || UsageLimitsValue.Read(managedObject) is not UsageLimitsValue limits)
        {
            return managedObject;
        }

        bool bytes = limits.Unit == (uint)UsageLimitsUnit.Byte;
        if (continuesStream && !bytes)
        {
            return managedObject;
        }

        long amount = bytes ? Math.Max(usageAmount, 0) : 1;
        if (amount > limits.Remaining)
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.UsageLimitExceeded, context.Version),
                $"object {managedObject.Id} has {limits.Remaining} of {limits.Total} usages left; {operation} needs {amount}");
        }

        ManagedObject counted = shared ? managedObject.Clone() : managedObject;
        (limits with { Remaining = limits.Remaining - amount }).Write(counted);
        context.Objects.Update(counted);
        context.Audit.UsageCount = limits.Total - (limits.Remaining - amount);
        return counted;
    }
}
