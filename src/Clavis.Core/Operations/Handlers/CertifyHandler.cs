using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Certificates;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;
using X509CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Certify (KMIP 2.1 §6.1.7, 1.4 §4.7): issues an X.509 certificate for a managed public key (or for the key of a
/// PKCS#10 request), signed by a managed CA private key with its certificate, and stores it as a Certificate
/// linked to the public key.
/// </summary>
/// <remarks>
/// KMIP does not say how the issuer is chosen; here the request's Attributes name it with a Link: Private Key
/// Link to the CA's private key, or Certificate Link to the CA's certificate, the other half found through the
/// objects' own Links (private key → Certificate Link, or → Public Key Link → Certificate Link; certificate →
/// Public Key Link → Private Key Link). The subject is the Distinguished Name of a 1.x Certificate Subject
/// attribute in the request, else CN = the public key's first Name, else its identifier. The certificate is
/// valid for one year from now, cut to the CA certificate's end.
/// </remarks>
public sealed class CertifyHandler : OperationHandler<CertifyRequestPayload, CertifyResponsePayload>
{
    private static readonly TimeSpan s_validity = TimeSpan.FromDays(365);
    private static readonly ObjectType[] s_issuingKeys = [ObjectType.PrivateKey];

    /// <inheritdoc/>
    public override Operation Operation => Operation.Certify;

    /// <inheritdoc/>
    protected override async ValueTask<CertifyResponsePayload> HandleAsync(CertifyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var issuerLinks = new List<(LinkType Type, string Id)>();
        X500DistinguishedName? subject = null;
        var remaining = new List<KmipAttribute>();
        foreach (KmipAttribute attribute in request.Attributes ?? [])
        {
            if (!attribute.IsVendorAttribute && attribute.Tag == Tag.Link && attribute.Value.Find(Tag.LinkType) is { Type: TtlvType.Enumeration } linkType
                && (LinkType)linkType.EnumerationValue is LinkType.PrivateKeyLink or LinkType.CertificateLink
                && attribute.Value.Find(Tag.LinkedObjectIdentifier) is { Type: TtlvType.TextString } linked)
            {
                issuerLinks.Add(((LinkType)linkType.EnumerationValue, linked.TextStringValue));
            }
            else if (!attribute.IsVendorAttribute && attribute.Tag == Tag.CertificateSubject)
            {
                subject = SubjectOf(attribute.Value);
            }
            else
            {
                remaining.Add(attribute);
            }
        }

        // The key to certify: a managed public key, or the key of a PKCS#10 request (KMIP 2.1 §6.1.7).
        AsymmetricPublicKey subjectKey;
        ManagedObject? publicKeyObject = null;
        if (request.CertificateRequestValue is byte[] csr)
        {
            (subjectKey, X500DistinguishedName csrSubject) = ReadCertificateRequest(request.CertificateRequestType, csr);
            subject ??= csrSubject;
        }
        else
        {
            publicKeyObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
            subjectKey = OpenSubjectKey(publicKeyObject, context);
            subject ??= new X500DistinguishedName("CN=" + EscapeDn(publicKeyObject.Attributes.Get(Tag.Name).FirstOrDefault()?.Find(Tag.NameValue)?.TextStringValue ?? publicKeyObject.Id));
        }

        (string caKeyId, string caCertificateId) = await ResolveIssuerAsync(issuerLinks, context, cancellationToken).ConfigureAwait(false);
        byte[] caCertificate = await LoadCertificateAsync(caCertificateId, context, cancellationToken).ConfigureAwait(false);
        byte[] issued;
        using (UsableKey caKey = await KeyUse.AcquireAsync(
            context, caKeyId, Operation.Certify, CryptographicUsageMask.CertificateSign, KeyPurpose.Protect, s_issuingKeys, 1, cancellationToken).ConfigureAwait(false))
        using (AsymmetricPrivateKey issuerKey = AsymmetricKeyUse.OpenPrivate(caKey, Operation.Certify))
        {
            DateTimeOffset now = context.Now;
            try
            {
                issued = CertificateIssuer.Issue(
                    new CertificateIssueRequest
                    {
                        SubjectPublicKey = subjectKey,
                        Subject = subject,
                        NotBefore = now,
                        NotAfter = now + s_validity,
                        KeyUsage = KeyUsageOf(publicKeyObject),
                    },
                    caCertificate,
                    issuerKey);
            }
            catch (CryptographicParametersException ex)
            {
                throw AsymmetricKeyUse.BadParameters(ex, Operation.Certify, context.Version);
            }
        }

        AttributeSet attributes = await NewObjectAttributes.CollectAsync(remaining, request.TemplateNames, ObjectType.Certificate, context, cancellationToken).ConfigureAwait(false);
        string id = Guid.CreateVersion7().ToString();
        var body = new Certificate { CertificateType = CertificateType.X_509, CertificateValue = issued };
        attributes.SetEnumeration(Tag.CertificateType, (uint)CertificateType.X_509);
        attributes.Set(Tag.CertificateLength, TtlvNode.Integer(Tag.CertificateLength, issued.Length));
        // KMIP 2.1 §4.30: the certificate links to its public key and to the certificate of its issuer.
        if (publicKeyObject is not null)
        {
            attributes.Add(Tag.Link, Link(LinkType.PublicKeyLink, publicKeyObject.Id));
        }

        attributes.Add(Tag.Link, Link(LinkType.CertificateLink, caCertificateId));
        var certificate = new ManagedObject(id, ObjectType.Certificate, State.PreActive, attributes)
        {
            Material = ObjectBodyCodec.Seal(context.Services.Barrier, id, body),
        };
        NewObjectAttributes.AddServerAttributes(certificate, body, context);
        context.Objects.Insert(certificate);
        if (publicKeyObject is not null)
        {
            // KMIP 2.1 §6.1.7: the public key's Certificate Link points to the new certificate.
            publicKeyObject.Attributes.Add(Tag.Link, Link(LinkType.CertificateLink, id));
            ObjectAccess.SaveChanged(publicKeyObject, context);
        }

        context.IdPlaceholder = id;
        return new CertifyResponsePayload { UniqueIdentifier = id };
    }

    private static TtlvNode Link(LinkType type, string id) =>
        TtlvNode.Structure(Tag.Link, TtlvNode.Enumeration(Tag.LinkType, (uint)type), TtlvNode.TextString(Tag.LinkedObjectIdentifier, id));

    private static AsymmetricPublicKey OpenSubjectKey(ManagedObject publicKey, OperationContext context)
    {
        if (publicKey.ObjectType != ObjectType.PublicKey)
        {
            throw new KmipException(FailureMapping.ForVersion(ResultReason.IllegalObjectType, context.Version),
                $"Certify certifies a Public Key; object {publicKey.Id} is a {publicKey.ObjectType}");
        }

        if (publicKey.Material is null)
        {
            throw new KmipException(FailureMapping.ForVersion(ResultReason.ObjectDestroyed, context.Version), $"public key {publicKey.Id} has no key material");
        }

        WireObject body = ObjectBodyCodec.Open(context.Services.Barrier, publicKey.Id, publicKey.Material);
        KeyBlock block = ObjectBodyCodec.KeyBlockOf(body) ?? throw new KmipException(ResultReason.InvalidField, $"public key {publicKey.Id} has no Key Block");
        try
        {
            return KeyFormats.OpenPublicKey(block);
        }
        catch (KeyFormatException ex)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"public key {publicKey.Id} cannot be certified: {ex.Message}", ex);
        }
    }

    private static (AsymmetricPublicKey Key, X500DistinguishedName Subject) ReadCertificateRequest(CertificateRequestType? type, byte[] value)
    {
        if (type is not (CertificateRequestType.PKCS_10 or CertificateRequestType.PEM))
        {
            throw new KmipException(ResultReason.FeatureNotSupported, $"Certificate Request Type {type?.ToString() ?? "(none)"} is not supported; send a PKCS#10 request (DER or PEM)");
        }

        try
        {
            // RFC 2986 §3: the request is signed by its own key; LoadSigningRequest checks that signature.
            X509CertificateRequest parsed = type == CertificateRequestType.PEM
                ? X509CertificateRequest.LoadSigningRequestPem(System.Text.Encoding.ASCII.GetString(value), HashAlgorithmName.SHA256)
                : X509CertificateRequest.LoadSigningRequest(value, HashAlgorithmName.SHA256);
            AsymmetricPublicKey key = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, parsed.PublicKey.ExportSubjectPublicKeyInfo());
            return (key, parsed.SubjectName);
        }
        catch (Exception ex) when (ex is CryptographicException or KeyFormatException)
        {
            throw new KmipException(ResultReason.InvalidField, $"the Certificate Request Value is not a valid, correctly signed PKCS#10 request with a supported key: {ex.Message}", ex);
        }
    }

    private static async ValueTask<(string CaKeyId, string CaCertificateId)> ResolveIssuerAsync(
        List<(LinkType Type, string Id)> links, OperationContext context, CancellationToken cancellationToken)
    {
        string? keyId = links.FirstOrDefault(l => l.Type == LinkType.PrivateKeyLink).Id;
        string? certificateId = links.FirstOrDefault(l => l.Type == LinkType.CertificateLink).Id;
        if (keyId is null && certificateId is null)
        {
            KmipException.ThrowInvalidField("Certify needs its issuer: give a Link in the Attributes, Private Key Link to the CA's private key or Certificate Link to the CA's certificate");
        }

        if (certificateId is null)
        {
            ManagedObject caKey = await HandlerObjects.LoadAsync(context, keyId, cancellationToken).ConfigureAwait(false);
            certificateId = LinkOf(caKey, LinkType.CertificateLink);
            if (certificateId is null && LinkOf(caKey, LinkType.PublicKeyLink) is string caPublicId)
            {
                certificateId = LinkOf(await HandlerObjects.LoadAsync(context, caPublicId, cancellationToken).ConfigureAwait(false), LinkType.CertificateLink);
            }

            return (keyId!, certificateId ?? throw new KmipException(ResultReason.InvalidField,
                $"the CA private key {keyId} has no certificate: link one (Certificate Link on the key or on its public key) or name it with a Certificate Link"));
        }

        if (keyId is null)
        {
            ManagedObject caCertificate = await HandlerObjects.LoadAsync(context, certificateId, cancellationToken).ConfigureAwait(false);
            keyId = LinkOf(caCertificate, LinkType.PrivateKeyLink);
            if (keyId is null && LinkOf(caCertificate, LinkType.PublicKeyLink) is string caPublicId)
            {
                keyId = LinkOf(await HandlerObjects.LoadAsync(context, caPublicId, cancellationToken).ConfigureAwait(false), LinkType.PrivateKeyLink);
            }

            if (keyId is null)
            {
                KmipException.ThrowInvalidField($"the CA certificate {certificateId} leads to no private key: link its public key to the private key, or name the key with a Private Key Link");
            }
        }

        return (keyId, certificateId);
    }

    private static async ValueTask<byte[]> LoadCertificateAsync(string id, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject certificate = await HandlerObjects.LoadAsync(context, id, cancellationToken).ConfigureAwait(false);
        if (certificate.ObjectType != ObjectType.Certificate || certificate.Material is null)
        {
            throw new KmipException(FailureMapping.ForVersion(ResultReason.IllegalObjectType, context.Version),
                $"the issuer's certificate {id} is a {certificate.ObjectType}{(certificate.Material is null ? " with no value" : "")}, not an X.509 Certificate");
        }

        return ObjectBodyCodec.Open(context.Services.Barrier, id, certificate.Material) is Certificate { CertificateType: CertificateType.X_509, CertificateValue: byte[] value }
            ? value
            : throw new KmipException(FailureMapping.ForVersion(ResultReason.IllegalObjectType, context.Version), $"the issuer's certificate {id} is not an X.509 certificate");
    }

    private static string? LinkOf(ManagedObject managedObject, LinkType type) =>
        managedObject.Attributes.Get(Tag.Link)
            .FirstOrDefault(link => link.Find(Tag.LinkType) is { Type: TtlvType.Enumeration } t && t.EnumerationValue == (uint)type)
            ?.Find(Tag.LinkedObjectIdentifier)?.TextStringValue;

    // KMIP 1.4 §3.9 Certificate Subject: the Distinguished Name as text.
    private static X500DistinguishedName SubjectOf(TtlvNode value)
    {
        if (value.Find(Tag.CertificateSubjectDistinguishedName) is not { Type: TtlvType.TextString } dn || dn.TextStringValue.Length == 0)
        {
            throw new KmipException(ResultReason.InvalidField, "Certificate Subject needs a Certificate Subject Distinguished Name");
        }

        try
        {
            return new X500DistinguishedName(dn.TextStringValue);
        }
        catch (CryptographicException ex)
        {
            throw new KmipException(ResultReason.InvalidField, $"Certificate Subject Distinguished Name \"{dn.TextStringValue}\" is not a distinguished name", ex);
        }
    }

    // RFC 4514 §2.4: characters with a meaning in a DN string are escaped.
    private static string EscapeDn(string value)
    {
        var escaped = new System.Text.StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '=')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    // RFC 5280 §4.2.1.3 from KMIP's Cryptographic Usage Mask of the public key.
    private static X509KeyUsageFlags KeyUsageOf(ManagedObject? publicKey)
    {
        var mask = (CryptographicUsageMask)(uint)(publicKey?.Attributes.GetInteger(Tag.CryptographicUsageMask) ?? (int)CryptographicUsageMask.Verify);
        X509KeyUsageFlags flags = X509KeyUsageFlags.None;
        if ((mask & CryptographicUsageMask.Verify) != 0)
        {
            flags |= X509KeyUsageFlags.DigitalSignature;
        }

        if ((mask & (CryptographicUsageMask.Encrypt | CryptographicUsageMask.WrapKey)) != 0)
        {
            flags |= X509KeyUsageFlags.KeyEncipherment;
        }

        return flags == X509KeyUsageFlags.None ? X509KeyUsageFlags.DigitalSignature : flags;
    }
}
