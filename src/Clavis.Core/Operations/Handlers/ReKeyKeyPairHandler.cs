using Clavis.Core.Keys;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Re-key Key Pair (KMIP 2.1 §6.1.44, 1.4 §4.5): replaces a private key and the public key it links to with a new
/// pair of the same algorithm and size, each half carrying its predecessor's attributes as Re-key does
/// (<see cref="ReKeying"/>): Replacement/Replaced Object links on both halves, Names moved, dates placed by the
/// Offset. The ID Placeholder becomes the new private key. The existing pair keeps its state.
/// </summary>
public sealed class ReKeyKeyPairHandler : OperationHandler<ReKeyKeyPairRequestPayload, ReKeyKeyPairResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.ReKeyKeyPair;

    /// <inheritdoc/>
    protected override async ValueTask<ReKeyKeyPairResponsePayload> HandleAsync(ReKeyKeyPairRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ManagedObject existingPrivate = await HandlerObjects.LoadAsync(context, request.PrivateKeyUniqueIdentifier, cancellationToken).ConfigureAwait(false);
        if (existingPrivate.ObjectType != ObjectType.PrivateKey)
        {
            // KMIP 2.1 §6.1.44: the request names the private key of the pair.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.IllegalObjectType, context.Version),
                $"Re-key Key Pair names a Private Key; object {existingPrivate.Id} is a {existingPrivate.ObjectType}");
        }

        if (existingPrivate.State is State.Destroyed or State.DestroyedCompromised)
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.WrongKeyLifecycleState, context.Version),
                $"object {existingPrivate.Id} is destroyed; there is nothing left to re-key");
        }

        string publicId = existingPrivate.Attributes.Get(Tag.Link)
            .Where(link => link.Find(Tag.LinkType) is { EnumerationValue: (uint)LinkType.PublicKeyLink })
            .Select(link => link.Find(Tag.LinkedObjectIdentifier)?.TextStringValue)
            .FirstOrDefault(id => id is not null)
            ?? throw new KmipException(
                FailureMapping.ForVersion(ResultReason.ObjectNotFound, context.Version),
                $"private key {existingPrivate.Id} has no Public Key Link; its public key cannot be found to re-key the pair");
        ManagedObject existingPublic = await HandlerObjects.LoadAsync(context, publicId, cancellationToken).ConfigureAwait(false);

        AttributeSet? requestedPrivate = await RequestedAsync(request.CommonAttributes, request.PrivateKeyAttributes,
            [.. request.CommonTemplateNames ?? [], .. request.PrivateKeyTemplateNames ?? []], ObjectType.PrivateKey, context, cancellationToken).ConfigureAwait(false);
        AttributeSet? requestedPublic = await RequestedAsync(request.CommonAttributes, request.PublicKeyAttributes,
            [.. request.CommonTemplateNames ?? [], .. request.PublicKeyTemplateNames ?? []], ObjectType.PublicKey, context, cancellationToken).ConfigureAwait(false);

        DateTimeOffset now = context.Now;
        (ManagedObject newPrivate, ManagedObject newPublic) = CreateKeyPairHandler.GeneratePair(
            ReKeying.CarriedAttributes(existingPrivate, request.Offset, requestedPrivate, now),
            ReKeying.CarriedAttributes(existingPublic, request.Offset, requestedPublic, now),
            context);
        foreach ((ManagedObject replacement, ManagedObject existing) in new[] { (newPrivate, existingPrivate), (newPublic, existingPublic) })
        {
            // The new pair belongs to the owner of the pair it replaces, whoever asked.
            replacement.Owner = existing.Owner;
            // State from the dates, as for a new key: an Activation Date already passed makes it Active at once.
            ObjectLifecycle.ApplyDueTransitions(replacement, now);
            ReKeying.LinkReplacement(existing, replacement, context);
            context.Objects.Insert(replacement);
        }

        // KMIP 2.1 §6.1.44: the ID Placeholder is set to the new private key.
        context.IdPlaceholder = newPrivate.Id;
        return new ReKeyKeyPairResponsePayload { PrivateKeyUniqueIdentifier = newPrivate.Id, PublicKeyUniqueIdentifier = newPublic.Id };
    }

    private static async ValueTask<AttributeSet?> RequestedAsync(
        List<KmipAttribute>? common, List<KmipAttribute>? specific, List<Name> templates, ObjectType objectType, OperationContext context, CancellationToken cancellationToken)
    {
        if (common is not { Count: > 0 } && specific is not { Count: > 0 } && templates.Count == 0)
        {
            return null;
        }

        return await NewObjectAttributes.CollectAsync(CreateKeyPairHandler.Merge(common, specific), templates, objectType, context, cancellationToken).ConfigureAwait(false);
    }
}
