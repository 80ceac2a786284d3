using Clavis.Core.Access;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Crypto.Secrets;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Create (KMIP 2.1 §6.1.6): generates a symmetric key — AES or HMAC — with the client's attributes (and
/// those of the 1.x Templates it names), stores its body sealed, and sets the ID Placeholder.
/// </summary>
public sealed class CreateHandler : OperationHandler<CreateRequestPayload, CreateResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Create;

    /// <inheritdoc/>
    protected override async ValueTask<CreateResponsePayload> HandleAsync(CreateRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.ObjectType == ObjectType.SecretData)
        {
            throw new KmipException(ResultReason.OperationNotSupported, "Create generates Symmetric Keys only; register Secret Data instead");
        }

        if (request.ObjectType != ObjectType.SymmetricKey)
        {
            // KMIP 2.1 §6.1.6: Create makes symmetric keys (and secret data); key pairs come from Create Key Pair.
            KmipException.ThrowInvalidField($"Create cannot make a {request.ObjectType}; it generates Symmetric Keys");
        }

        AttributeSet attributes = await NewObjectAttributes.CollectAsync(request.Attributes, request.TemplateNames, ObjectType.SymmetricKey, context, cancellationToken).ConfigureAwait(false);

        // KMIP 2.1 §6.1.6: Cryptographic Algorithm, Length and Usage Mask are required for a symmetric key.
        var algorithm = (CryptographicAlgorithm)(attributes.GetEnumeration(Tag.CryptographicAlgorithm)
            ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Algorithm is missing"));
        int length = attributes.GetInteger(Tag.CryptographicLength)
            ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Length is missing");
        var usage = (CryptographicUsageMask)(uint)(attributes.GetInteger(Tag.CryptographicUsageMask)
            ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Usage Mask is missing"));
        SymmetricKeyPolicy.Check(algorithm, length, usage);

        string id = Guid.CreateVersion7().ToString();
        var managedObject = new ManagedObject(id, ObjectType.SymmetricKey, State.PreActive, attributes);
        GeneratedKeys.GenerateSymmetric(managedObject, algorithm, length, context);
        await AccessControl.RequireAsync(context, managedObject, cancellationToken).ConfigureAwait(false);
        context.Objects.Insert(managedObject);
        // KMIP 2.1 §2.1.x ID Placeholder: later batch items without an identifier act on this object.
        context.IdPlaceholder = id;
        return new CreateResponsePayload { ObjectType = ObjectType.SymmetricKey, UniqueIdentifier = id };
    }
}
