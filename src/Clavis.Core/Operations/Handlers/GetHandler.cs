using Clavis.Core.Attributes;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Get (KMIP 2.1 §6.1.27): returns the object's body, opened from its sealed material, in the format it is
/// stored in or in the Key Format Type the client asks for (<see cref="KeyFormatConversion"/>), or wrapped as a Key
/// Wrapping Specification asks (<see cref="KeyWrapping"/>). Objects in any state but Destroyed may be fetched (KMIP
/// allows it; policy restricts later), unless Sensitive or not Extractable.
/// The first Get clears Fresh.
/// </summary>
public sealed class GetHandler : OperationHandler<GetRequestPayload, GetResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Get;

    /// <inheritdoc/>
    protected override async ValueTask<GetResponsePayload> HandleAsync(GetRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // Get changes the object only when it clears Fresh (below, on a copy), so it reads the shared view.
        ManagedObject managedObject = await HandlerObjects.ReadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        if (managedObject.State is State.Destroyed or State.DestroyedCompromised || managedObject.Material is null)
        {
            // KMIP 2.1 §6.1.27 / §4.57: a destroyed object's material is gone; its metadata remains.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.ObjectDestroyed, context.Version),
                $"object {managedObject.Id} is destroyed; its material no longer exists");
        }

        WireObject opened = ObjectBodyCodec.Open(context.Services.Barrier, managedObject.Id, managedObject.Material);
        WireObject body = opened;
        try
        {
            KeyWrapping.CheckExportable(managedObject, ObjectBodyCodec.KeyBlockOf(opened), request.KeyWrappingSpecification, context.Version);
            if (request.KeyFormatType is KeyFormatType format)
            {
                // KMIP 2.1 §6.1.27: the key in the requested Key Format Type, or Key Format Type Not Supported.
                body = KeyFormatConversion.Convert(body, format);
            }

            KeyBlock? block = ObjectBodyCodec.KeyBlockOf(body);

            if (request.KeyCompressionType is KeyCompressionType compression && block?.KeyCompressionType != compression)
            {
                throw new KmipException(ResultReason.KeyCompressionTypeNotSupported, $"the key cannot be given with compression {compression}");
            }

            if (request.KeyWrapType == KeyWrapType.NotWrapped && block is not null && (block.KeyWrappingData is not null || block.WrappedKeyValue is not null))
            {
                // A client-wrapped key is returned as registered: the server cannot unwrap it.
                throw new KmipException(
                    FailureMapping.ForVersion(ResultReason.KeyWrapTypeNotSupported, context.Version),
                    "the key was registered wrapped by the client and can only be returned as registered");
            }

            if (request.KeyWrappingSpecification is KeyWrappingSpecification wrapping)
            {
                await KeyWrapping.WrapAsync(managedObject, body, wrapping, context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Nothing is handed out: the opened (and any converted) key material is zeroed before the refusal leaves.
            UsableKey.Erase(body);
            UsableKey.Erase(opened);
            throw;
        }

        if (managedObject.Attributes.GetFirst(Tag.Fresh) is { Type: TtlvType.Boolean, BooleanValue: true })
        {
            // KMIP 2.1 §4.27: Fresh becomes false once the object has been handed out.
            ManagedObject handedOut = managedObject.Clone();
            handedOut.Attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, false));
            ObjectAccess.SaveChanged(handedOut, context);
        }

        return new GetResponsePayload { ObjectType = managedObject.ObjectType, UniqueIdentifier = managedObject.Id, Object = body };
    }
}
