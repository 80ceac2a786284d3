using System.Collections.Frozen;
using Clavis.Kmip;

namespace Clavis.Core.Attributes;

/// <summary>
/// The KMIP attribute rules as data: one row per standard attribute, from the table under each
/// attribute in KMIP 1.4 §3 and 2.1 §4 (cross-checked with PyKMIP's attribute policy). Handlers ask
/// here instead of hard-coding attribute names; <see cref="AttributeGuard"/> turns the answers into
/// the spec's errors. A tag with no row is not an attribute this server accepts from a client.
/// </summary>
public static class AttributeRules
{
    private static readonly FrozenSet<ObjectType> s_all = FrozenSet.Create(
        ObjectType.Certificate, ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SplitKey,
        ObjectType.Template, ObjectType.SecretData, ObjectType.OpaqueObject, ObjectType.PGPKey, ObjectType.CertificateRequest);

    private static readonly FrozenSet<ObjectType> s_keys = FrozenSet.Create(
        ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SplitKey, ObjectType.PGPKey, ObjectType.Template);

    private static readonly FrozenSet<ObjectType> s_cryptographic = FrozenSet.Create([.. s_keys, ObjectType.Certificate]);

    private static readonly FrozenSet<ObjectType> s_keysAndSecrets = FrozenSet.Create([.. s_keys, ObjectType.SecretData]);

    private static readonly FrozenSet<ObjectType> s_usable = FrozenSet.Create([.. s_cryptographic, ObjectType.SecretData]);

    private static readonly FrozenSet<ObjectType> s_withMaterial = FrozenSet.Create([.. s_all.Where(t => t != ObjectType.Template)]);

    private static readonly FrozenSet<ObjectType> s_certificates = FrozenSet.Create(ObjectType.Certificate);

    private static readonly FrozenSet<ObjectType> s_asymmetric = FrozenSet.Create(ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.Template);

    private static readonly FrozenSet<ObjectType> s_symmetricProcess = FrozenSet.Create(ObjectType.SymmetricKey, ObjectType.SplitKey, ObjectType.Template);

    private static readonly FrozenSet<State> s_preActive = FrozenSet.Create(State.PreActive);

    private static readonly FrozenSet<State> s_preActiveOrActive = FrozenSet.Create(State.PreActive, State.Active);

    private const AttributeSource Server = AttributeSource.Server;
    private const AttributeSource Client = AttributeSource.Client;
    private const AttributeSource Either = AttributeSource.Server | AttributeSource.Client;

    // Columns: tag, multi-valued, initially set by, modifiable by client, deletable by client, object types, first version.
    private static readonly AttributeRule[] s_rules =
    [
        new(Tag.UniqueIdentifier, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.Name, true, Client, true, true, s_all, ProtocolVersion.V1_0),
        new(Tag.ObjectType, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.CryptographicAlgorithm, false, Either, false, false, s_cryptographic, ProtocolVersion.V1_0),
        new(Tag.CryptographicLength, false, Either, false, false, s_cryptographic, ProtocolVersion.V1_0),
        new(Tag.CryptographicParameters, true, Client, true, true, s_cryptographic, ProtocolVersion.V1_0),
        new(Tag.CryptographicDomainParameters, false, Client, false, false, s_asymmetric, ProtocolVersion.V1_0),
        new(Tag.CertificateType, false, Server, false, false, s_certificates, ProtocolVersion.V1_0),
        new(Tag.CertificateIdentifier, false, Server, false, false, s_certificates, ProtocolVersion.V1_0),
        new(Tag.CertificateSubject, false, Server, false, false, s_certificates, ProtocolVersion.V1_0),
        new(Tag.CertificateIssuer, false, Server, false, false, s_certificates, ProtocolVersion.V1_0),
        new(Tag.CertificateLength, false, Server, false, false, s_certificates, ProtocolVersion.V1_1),
        new(Tag.X_509CertificateIdentifier, false, Server, false, false, s_certificates, ProtocolVersion.V1_1),
        new(Tag.X_509CertificateSubject, false, Server, false, false, s_certificates, ProtocolVersion.V1_1),
        new(Tag.X_509CertificateIssuer, false, Server, false, false, s_certificates, ProtocolVersion.V1_1),
        new(Tag.DigitalSignatureAlgorithm, false, Server, false, false, s_certificates, ProtocolVersion.V1_1),
        new(Tag.Digest, true, Server, false, false, s_withMaterial, ProtocolVersion.V1_0),
        new(Tag.OperationPolicyName, false, Either, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.CryptographicUsageMask, false, Either, false, false, s_usable, ProtocolVersion.V1_0),
        new(Tag.LeaseTime, false, Server, false, false, s_usable, ProtocolVersion.V1_0),
        new(Tag.UsageLimits, false, Either, true, true, s_keys, ProtocolVersion.V1_0),
        new(Tag.State, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.InitialDate, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        // KMIP 2.1 §4.1: the client may change the Activation Date only while the object is Pre-Active.
        new(Tag.ActivationDate, false, Either, true, false, s_usable, ProtocolVersion.V1_0) { ModifiableInStates = s_preActive },
        new(Tag.ProcessStartDate, false, Either, true, false, s_symmetricProcess, ProtocolVersion.V1_0) { ModifiableInStates = s_preActiveOrActive },
        new(Tag.ProtectStopDate, false, Either, true, false, s_symmetricProcess, ProtocolVersion.V1_0) { ModifiableInStates = s_preActiveOrActive },
        // KMIP 2.1 §4.16: the Deactivation Date may change only while Pre-Active or Active.
        new(Tag.DeactivationDate, false, Either, true, false, s_usable, ProtocolVersion.V1_0) { ModifiableInStates = s_preActiveOrActive },
        new(Tag.DestroyDate, false, Server, false, false, s_withMaterial, ProtocolVersion.V1_0),
        new(Tag.CompromiseOccurrenceDate, false, Server, false, false, s_withMaterial, ProtocolVersion.V1_0),
        new(Tag.CompromiseDate, false, Server, false, false, s_withMaterial, ProtocolVersion.V1_0),
        new(Tag.RevocationReason, false, Server, false, false, s_withMaterial, ProtocolVersion.V1_0),
        new(Tag.ArchiveDate, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.ObjectGroup, true, Either, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.Fresh, false, Either, false, false, s_all, ProtocolVersion.V1_1),
        // KMIP 1.4 §3.35 / 2.1 §4.30 Link: "Initially set by: Client or Server" (e.g. Register of a public key linked to its private key).
        new(Tag.Link, true, Either, true, true, s_all, ProtocolVersion.V1_0),
        new(Tag.ApplicationSpecificInformation, true, Either, true, true, s_all, ProtocolVersion.V1_0),
        new(Tag.ContactInformation, false, Either, true, true, s_all, ProtocolVersion.V1_0),
        new(Tag.LastChangeDate, false, Server, false, false, s_all, ProtocolVersion.V1_0),
        new(Tag.AlternativeName, true, Client, true, true, s_all, ProtocolVersion.V1_2),
        new(Tag.KeyValuePresent, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V1_2),
        new(Tag.KeyValueLocation, true, Client, true, true, s_keysAndSecrets, ProtocolVersion.V1_2),
        new(Tag.OriginalCreationDate, false, Server, false, false, s_all, ProtocolVersion.V1_2),
        new(Tag.RandomNumberGenerator, false, Either, false, false, s_keysAndSecrets, ProtocolVersion.V1_3),
        new(Tag.PKCS_12FriendlyName, false, Client, true, true, FrozenSet.Create(ObjectType.PrivateKey, ObjectType.Certificate), ProtocolVersion.V1_4),
        new(Tag.Description, false, Client, true, true, s_all, ProtocolVersion.V1_4),
        new(Tag.Comment, false, Client, true, true, s_all, ProtocolVersion.V1_4),
        // KMIP 2.1 §4.53/§4.25: Sensitive and Extractable may be set by the client; their "Always"/"Never" shadows only by the server.
        new(Tag.Sensitive, false, Either, true, false, s_keysAndSecrets, ProtocolVersion.V1_4),
        new(Tag.AlwaysSensitive, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V1_4),
        new(Tag.Extractable, false, Either, true, false, s_keysAndSecrets, ProtocolVersion.V1_4),
        new(Tag.NeverExtractable, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V1_4),
        new(Tag.ShortUniqueIdentifier, false, Server, false, false, s_all, ProtocolVersion.V2_0),
        // KMIP 2.1 §4.26/§4.51: the format a key is held in, and how the server stores the object.
        new(Tag.KeyFormatType, false, Server, false, false, s_keys, ProtocolVersion.V2_0),
        new(Tag.ProtectionStorageMask, false, Server, false, false, s_all, ProtocolVersion.V2_0),
        new(Tag.NISTKeyType, false, Either, false, false, s_keys, ProtocolVersion.V2_0),
        new(Tag.ProtectionLevel, false, Either, false, false, s_all, ProtocolVersion.V2_0),
        new(Tag.ProtectionPeriod, false, Either, true, true, s_all, ProtocolVersion.V2_0),
        new(Tag.ProtectionStorageMasks, false, Either, false, false, s_all, ProtocolVersion.V2_0),
        new(Tag.QuantumSafe, false, Either, false, false, s_all, ProtocolVersion.V2_0),
        new(Tag.RotateInterval, false, Client, true, true, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateAutomatic, false, Client, true, true, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateOffset, false, Client, true, true, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateName, false, Client, true, true, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateDate, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateGeneration, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V2_1),
        new(Tag.RotateLatest, false, Server, false, false, s_keysAndSecrets, ProtocolVersion.V2_1),
    ];

    private static readonly FrozenDictionary<Tag, AttributeRule> s_byTag = s_rules.ToFrozenDictionary(r => r.Tag);

    /// <summary>
    /// The rule for vendor (1.x custom) attributes that clients create: multi-valued, settable and
    /// deletable by the client, on every object type (KMIP 1.4 §3.39 "x-" attributes, 2.1 §4 vendor attributes).
    /// </summary>
    public static AttributeRule ClientVendorAttribute { get; } = new(Tag.Attribute, true, Client, true, true, s_all, ProtocolVersion.V1_0);

    /// <summary>The rule for vendor attributes the server owns ("y-" in KMIP 1.4 §3.39): the client may only read them.</summary>
    public static AttributeRule ServerVendorAttribute { get; } = new(Tag.Attribute, true, Server, false, false, s_all, ProtocolVersion.V1_0);

    /// <summary>
    /// The rule for the one server vendor attribute clients write, <see cref="GrantAttributeName"/>: multi-valued,
    /// on every object, set at creation, added and deleted later; who may change it is the access policy's and the
    /// grant handlers' business (docs/policy.md).
    /// </summary>
    public static AttributeRule GrantAttribute { get; } = new(Tag.Attribute, true, Client, true, true, s_all, ProtocolVersion.V1_0);

    /// <summary>The name of the grants attribute ("y-ClavisGrant" in KMIP 1.x, vendor "y" name "ClavisGrant" in 2.x).</summary>
    public const string GrantAttributeName = "ClavisGrant";

    /// <summary>Every standard attribute's rule, in table order.</summary>
    public static IReadOnlyList<AttributeRule> All => s_rules;

    /// <summary>The rule for the standard attribute <paramref name="tag"/>, if it is one.</summary>
    public static bool TryGet(Tag tag, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AttributeRule? rule) =>
        s_byTag.TryGetValue(tag, out rule);

    /// <summary>The rule for an attribute named by tag or vendor name; null for an unknown standard tag.</summary>
    public static AttributeRule? Find(Tag tag, string? vendorIdentification, string? name = null)
    {
        if (tag != Tag.Attribute)
        {
            return s_byTag.GetValueOrDefault(tag);
        }

        if (vendorIdentification == ServerVendor && name == GrantAttributeName)
        {
            return GrantAttribute;
        }

        // KMIP 1.4 §3.39: "y-" custom attributes are the server's; every other vendor's belong to the client.
        return vendorIdentification == ServerVendor ? ServerVendorAttribute : ClientVendorAttribute;
    }

    /// <summary>The vendor identification of server-owned vendor attributes ("y", the 1.x "y-" prefix).</summary>
    public const string ServerVendor = "y";
}
