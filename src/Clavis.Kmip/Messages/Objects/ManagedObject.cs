using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>
/// A managed object as carried in a payload (Get, Register, Put, Import, Export): Symmetric Key, Public Key,
/// Private Key, Secret Data, Split Key, Certificate, Certificate Request, Opaque Object, PGP Key or Template.
/// The item's tag names the kind (KMIP 2.1 §2.2).
/// </summary>
public abstract class ManagedObject
{
    /// <summary>The tag this object is written with (e.g. <see cref="Tag.SymmetricKey"/>).</summary>
    public abstract Tag ObjectTag { get; }

    /// <summary>The Object Type that goes with <see cref="ObjectTag"/>.</summary>
    public ObjectType ObjectType => ObjectTag switch
    {
        Tag.Certificate => ObjectType.Certificate,
        Tag.SymmetricKey => ObjectType.SymmetricKey,
        Tag.PublicKey => ObjectType.PublicKey,
        Tag.PrivateKey => ObjectType.PrivateKey,
        Tag.SplitKey => ObjectType.SplitKey,
        Tag.Template => ObjectType.Template,
        Tag.SecretData => ObjectType.SecretData,
        Tag.OpaqueObject => ObjectType.OpaqueObject,
        Tag.PGPKey => ObjectType.PGPKey,
        Tag.CertificateRequest => ObjectType.CertificateRequest,
        _ => throw new InvalidOperationException($"{ObjectTag} is not a managed object tag"),
    };

    /// <summary>Writes the object under <paramref name="tag"/> in the form of <paramref name="version"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="tag">The tag, normally <see cref="ObjectTag"/>.</param>
    /// <param name="version">The protocol version whose form to write.</param>
    public abstract void Encode(TtlvWriter writer, Tag tag, ProtocolVersion version);

    /// <summary>Decodes the managed object on whose start token the reader stands, choosing the type by tag.</summary>
    /// <param name="reader">The reader, on the object's start token; left on its end token.</param>
    /// <param name="version">The message's protocol version.</param>
    /// <exception cref="KmipMessageFormatException">The item is not a structure, or a field is missing or mistyped.</exception>
    public static ManagedObject DecodeAny(ref TtlvReader reader, ProtocolVersion version)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        return reader.Tag switch
        {
            Tag.Certificate => Certificate.Decode(ref reader, version),
            Tag.CertificateRequest => CertificateRequest.Decode(ref reader, version),
            Tag.OpaqueObject => OpaqueObject.Decode(ref reader, version),
            Tag.PGPKey => PGPKey.Decode(ref reader, version),
            Tag.PrivateKey => PrivateKey.Decode(ref reader, version),
            Tag.PublicKey => PublicKey.Decode(ref reader, version),
            Tag.SecretData => SecretData.Decode(ref reader, version),
            Tag.SplitKey => SplitKey.Decode(ref reader, version),
            Tag.SymmetricKey => SymmetricKey.Decode(ref reader, version),
            Tag.Template => Template.Decode(ref reader, version),
            _ => throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not a managed object", reader.Tag),
        };
    }
}
