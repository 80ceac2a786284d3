using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Integration.Tests.Support.KeyPairRequests;
using PublicKey = Clavis.Kmip.Messages.PublicKey;
using X509CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Clavis.Integration.Tests;

/// <summary>
/// Key pairs, signatures, key formats and certificates over mutual TLS. What the server returns is checked with
/// the BCL's own RSA, ECDsa and X509 APIs, never with the code under test.
/// </summary>
public sealed class AsymmetricKeyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly byte[] s_data = "the message to sign, over mutual TLS"u8.ToArray();

    public static TheoryData<string> Versions => new() { "1.4", "2.1" };

    private static ProtocolVersion Parse(string version) => version == "1.4" ? ProtocolVersion.V1_4 : ProtocolVersion.V2_1;

    private async Task<T> SendAsync<T>(RequestPayload payload, ProtocolVersion? version = null)
        where T : ResponsePayload
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return Responses.Success<T>(await client.SendAsync(Requests.Message(version ?? ProtocolVersion.V2_1, payload)));
    }

    private async Task<ResponseBatchItem> FailAsync(RequestPayload payload, ResultReason reason, ProtocolVersion? version = null)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return Responses.Failure(await client.SendAsync(Requests.Message(version ?? ProtocolVersion.V2_1, payload)), reason);
    }

    private async Task<(string Private, string Public)> CreateActivePairAsync(CreateKeyPairRequestPayload request, ProtocolVersion? version = null)
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(request, version);
        await SendAsync<ActivateResponsePayload>(new ActivateRequestPayload { UniqueIdentifier = created.PrivateKeyUniqueIdentifier }, version);
        await SendAsync<ActivateResponsePayload>(new ActivateRequestPayload { UniqueIdentifier = created.PublicKeyUniqueIdentifier }, version);
        return (created.PrivateKeyUniqueIdentifier!, created.PublicKeyUniqueIdentifier!);
    }

    private async Task<byte[]> GetBytesAsync(string id, KeyFormatType format)
    {
        GetResponsePayload got = await SendAsync<GetResponsePayload>(Get(id, format));
        KeyBlock block = got.Object switch
        {
            PrivateKey key => key.KeyBlock!,
            PublicKey key => key.KeyBlock!,
            _ => throw new InvalidOperationException($"a {got.ObjectType}"),
        };
        Assert.Equal(format, block.KeyFormatType);
        return block.KeyValue!.KeyMaterial!.ByteStringValue;
    }

    private async Task<TtlvNode> GetTransparentAsync(string id, KeyFormatType format)
    {
        GetResponsePayload got = await SendAsync<GetResponsePayload>(Get(id, format));
        KeyBlock block = got.Object is PrivateKey p ? p.KeyBlock! : ((PublicKey)got.Object!).KeyBlock!;
        Assert.Equal(format, block.KeyFormatType);
        return block.KeyValue!.KeyMaterial!;
    }

    private static byte[] Unsigned(TtlvNode structure, Tag tag)
    {
        byte[] bytes = structure.Find(tag)!.BigIntegerBytes;
        int start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return bytes[start..];
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task An_RSA_pair_links_its_halves_and_is_given_in_every_RSA_format(string version)
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(CreateKeyPair(CryptographicAlgorithm.RSA, 2048), Parse(version));
        string privateId = created.PrivateKeyUniqueIdentifier!, publicId = created.PublicKeyUniqueIdentifier!;
        GetAttributesResponsePayload privateAttributes = await SendAsync<GetAttributesResponsePayload>(new GetAttributesRequestPayload { UniqueIdentifier = privateId });
        GetAttributesResponsePayload publicAttributes = await SendAsync<GetAttributesResponsePayload>(new GetAttributesRequestPayload { UniqueIdentifier = publicId });
        Assert.Contains(privateAttributes.Attributes!, a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == publicId
            && a.Value.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.PublicKeyLink);
        Assert.Contains(publicAttributes.Attributes!, a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == privateId
            && a.Value.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.PrivateKeyLink);

        using RSA fromPkcs1 = RSA.Create();
        fromPkcs1.ImportRSAPrivateKey(await GetBytesAsync(privateId, KeyFormatType.PKCS_1), out _);
        Assert.Equal(2048, fromPkcs1.KeySize);
        using RSA fromPkcs8 = RSA.Create();
        fromPkcs8.ImportPkcs8PrivateKey(await GetBytesAsync(privateId, KeyFormatType.PKCS_8), out _);
        RSAParameters expected = fromPkcs1.ExportParameters(true);
        Assert.Equal(expected.D, fromPkcs8.ExportParameters(true).D);

        TtlvNode transparent = await GetTransparentAsync(privateId, KeyFormatType.TransparentRSAPrivateKey);
        Assert.Equal(expected.Modulus, Unsigned(transparent, Tag.Modulus));
        Assert.Equal(expected.P!.SkipWhile(b => b == 0), Unsigned(transparent, Tag.P));
        Assert.Equal(expected.InverseQ!.SkipWhile(b => b == 0), Unsigned(transparent, Tag.CRTCoefficient));

        using RSA publicPkcs1 = RSA.Create();
        publicPkcs1.ImportRSAPublicKey(await GetBytesAsync(publicId, KeyFormatType.PKCS_1), out _);
        using RSA publicSpki = RSA.Create();
        publicSpki.ImportSubjectPublicKeyInfo(await GetBytesAsync(publicId, KeyFormatType.X_509), out _);
        Assert.Equal(expected.Modulus, publicPkcs1.ExportParameters(false).Modulus);
        Assert.Equal(expected.Modulus, publicSpki.ExportParameters(false).Modulus);
        TtlvNode transparentPublic = await GetTransparentAsync(publicId, KeyFormatType.TransparentRSAPublicKey);
        Assert.Equal(expected.Exponent, Unsigned(transparentPublic, Tag.PublicExponent));

        await FailAsync(Get(privateId, KeyFormatType.ECPrivateKey), ResultReason.KeyFormatTypeNotSupported);
        await FailAsync(Get(publicId, KeyFormatType.PKCS_8), ResultReason.KeyFormatTypeNotSupported);
    }

    [Theory]
    [InlineData(RecommendedCurve.P_256, 256)]
    [InlineData(RecommendedCurve.P_384, 384)]
    [InlineData(RecommendedCurve.P_521, 521)]
    public async Task An_EC_pair_is_given_as_PKCS8_SEC1_SPKI_and_transparent_EC(RecommendedCurve curve, int bits)
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(CreateKeyPair(CryptographicAlgorithm.ECDSA, null, curve));
        string privateId = created.PrivateKeyUniqueIdentifier!, publicId = created.PublicKeyUniqueIdentifier!;
        using ECDsa fromPkcs8 = ECDsa.Create();
        fromPkcs8.ImportPkcs8PrivateKey(await GetBytesAsync(privateId, KeyFormatType.PKCS_8), out _);
        Assert.Equal(bits, fromPkcs8.KeySize);
        using ECDsa fromSec1 = ECDsa.Create();
        fromSec1.ImportECPrivateKey(await GetBytesAsync(privateId, KeyFormatType.ECPrivateKey), out _);
        ECParameters expected = fromPkcs8.ExportParameters(true);
        Assert.Equal(expected.D, fromSec1.ExportParameters(true).D);

        TtlvNode transparent = await GetTransparentAsync(privateId, KeyFormatType.TransparentECPrivateKey);
        Assert.Equal((uint)curve, transparent.Find(Tag.RecommendedCurve)!.EnumerationValue);
        Assert.Equal(expected.D!.SkipWhile(b => b == 0), Unsigned(transparent, Tag.D));

        using ECDsa fromSpki = ECDsa.Create();
        fromSpki.ImportSubjectPublicKeyInfo(await GetBytesAsync(publicId, KeyFormatType.X_509), out _);
        Assert.Equal(expected.Q.X, fromSpki.ExportParameters(false).Q.X);
        TtlvNode transparentPublic = await GetTransparentAsync(publicId, KeyFormatType.TransparentECPublicKey);
        Assert.Equal([0x04, .. expected.Q.X!, .. expected.Q.Y!], transparentPublic.Find(Tag.QString)!.ByteStringValue);

        await FailAsync(Get(privateId, KeyFormatType.PKCS_1), ResultReason.KeyFormatTypeNotSupported);
    }

    [Fact]
    public async Task An_Ed25519_pair_is_given_as_RFC_8410_DER_and_raw()
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(CreateKeyPair(CryptographicAlgorithm.Ed25519, null));
        byte[] spki = await GetBytesAsync(created.PublicKeyUniqueIdentifier!, KeyFormatType.X_509);
        byte[] raw = await GetBytesAsync(created.PublicKeyUniqueIdentifier!, KeyFormatType.Raw);
        // RFC 8410 §4: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }, read with System.Formats.Asn1.
        var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal("1.3.101.112", reader.ReadSequence().ReadObjectIdentifier());
        Assert.Equal(raw, reader.ReadBitString(out _));
        Assert.Equal(32, raw.Length);
        byte[] pkcs8 = await GetBytesAsync(created.PrivateKeyUniqueIdentifier!, KeyFormatType.PKCS_8);
        var info = new AsnReader(pkcs8, AsnEncodingRules.DER).ReadSequence();
        info.ReadInteger();
        Assert.Equal("1.3.101.112", info.ReadSequence().ReadObjectIdentifier());
        Assert.Equal(await GetBytesAsync(created.PrivateKeyUniqueIdentifier!, KeyFormatType.Raw), new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task RSA_signatures_verify_with_the_BCL(string version)
    {
        ProtocolVersion protocol = Parse(version);
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.RSA, 2048), protocol);
        using RSA rsa = RSA.Create();
        rsa.ImportRSAPublicKey(await GetBytesAsync(publicId, KeyFormatType.PKCS_1), out _);

        SignResponsePayload pkcs1 = await SendAsync<SignResponsePayload>(Sign(privateId, s_data), protocol);
        Assert.True(rsa.VerifyData(s_data, pkcs1.SignatureData!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var pss = new CryptographicParameters { PaddingMethod = PaddingMethod.PSS, HashingAlgorithm = HashingAlgorithm.SHA_384 };
        SignResponsePayload pssSigned = await SendAsync<SignResponsePayload>(Sign(privateId, s_data, pss), protocol);
        Assert.True(rsa.VerifyData(s_data, pssSigned.SignatureData!, HashAlgorithmName.SHA384, RSASignaturePadding.Pss));

        byte[] digest = SHA512.HashData(s_data);
        SignResponsePayload digested = await SendAsync<SignResponsePayload>(new SignRequestPayload
        {
            UniqueIdentifier = privateId,
            DigestedData = digest,
            CryptographicParameters = new CryptographicParameters { DigitalSignatureAlgorithm = DigitalSignatureAlgorithm.SHA_512WithRSAEncryption },
        }, protocol);
        Assert.True(rsa.VerifyHash(digest, digested.SignatureData!, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData(RecommendedCurve.P_256, "SHA256")]
    [InlineData(RecommendedCurve.P_384, "SHA384")]
    public async Task ECDSA_signatures_are_DER_and_verify_with_the_BCL(RecommendedCurve curve, string hash)
    {
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.EC, null, curve));
        using ECDsa ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(await GetBytesAsync(publicId, KeyFormatType.X_509), out _);
        SignResponsePayload signed = await SendAsync<SignResponsePayload>(Sign(privateId, s_data));
        Assert.True(ecdsa.VerifyData(s_data, signed.SignatureData!, new HashAlgorithmName(hash), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData(CryptographicAlgorithm.RSA, 2048)]
    [InlineData(CryptographicAlgorithm.ECDSA, 256)]
    [InlineData(CryptographicAlgorithm.Ed25519, null)]
    public async Task Signature_Verify_says_Valid_for_a_good_signature_and_Invalid_for_a_tampered_one(CryptographicAlgorithm algorithm, int? length)
    {
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(algorithm, length));
        byte[] signature = (await SendAsync<SignResponsePayload>(Sign(privateId, s_data))).SignatureData!;
        SignatureVerifyResponsePayload good = await SendAsync<SignatureVerifyResponsePayload>(Verify(publicId, s_data, signature));
        Assert.Equal(ValidityIndicator.Valid, good.ValidityIndicator);
        byte[] tampered = s_data.ToArray();
        tampered[0] ^= 1;
        SignatureVerifyResponsePayload bad = await SendAsync<SignatureVerifyResponsePayload>(Verify(publicId, tampered, signature));
        Assert.Equal(ValidityIndicator.Invalid, bad.ValidityIndicator);
        SignatureVerifyResponsePayload truncated = await SendAsync<SignatureVerifyResponsePayload>(Verify(publicId, s_data, signature[..^1]));
        Assert.Equal(ValidityIndicator.Invalid, truncated.ValidityIndicator);
    }

    [Theory]
    [InlineData(PaddingMethod.OAEP, HashingAlgorithm.SHA_256)]
    [InlineData(PaddingMethod.OAEP, HashingAlgorithm.SHA_1)]
    [InlineData(PaddingMethod.PKCS1V1_5, null)]
    public async Task RSA_Encrypt_and_Decrypt_agree_with_the_BCL(PaddingMethod padding, HashingAlgorithm? hash)
    {
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.RSA, 2048,
            privateMask: CryptographicUsageMask.Decrypt, publicMask: CryptographicUsageMask.Encrypt));
        var parameters = new CryptographicParameters { PaddingMethod = padding, HashingAlgorithm = hash };
        RSAEncryptionPadding bclPadding = padding == PaddingMethod.PKCS1V1_5 ? RSAEncryptionPadding.Pkcs1
            : hash == HashingAlgorithm.SHA_1 ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256;
        using RSA rsa = RSA.Create();
        rsa.ImportRSAPrivateKey(await GetBytesAsync(privateId, KeyFormatType.PKCS_1), out _);
        byte[] secret = RandomNumberGenerator.GetBytes(32);

        EncryptResponsePayload encrypted = await SendAsync<EncryptResponsePayload>(new EncryptRequestPayload { UniqueIdentifier = publicId, CryptographicParameters = parameters, Data = secret });
        Assert.Equal(256, encrypted.Data!.Length);
        Assert.Equal(secret, rsa.Decrypt(encrypted.Data, bclPadding));

        byte[] byBcl = rsa.Encrypt(secret, bclPadding);
        DecryptResponsePayload decrypted = await SendAsync<DecryptResponsePayload>(new DecryptRequestPayload { UniqueIdentifier = privateId, CryptographicParameters = parameters, Data = byBcl });
        Assert.Equal(secret, decrypted.Data);

        byBcl[^1] ^= 1;
        await FailAsync(new DecryptRequestPayload { UniqueIdentifier = privateId, CryptographicParameters = parameters, Data = byBcl }, ResultReason.CryptographicFailure);
    }

    [Fact]
    public async Task RSA_encryption_refusals_name_the_problem()
    {
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.RSA, 2048,
            privateMask: CryptographicUsageMask.Decrypt, publicMask: CryptographicUsageMask.Encrypt));
        var oaep = new CryptographicParameters { PaddingMethod = PaddingMethod.OAEP, HashingAlgorithm = HashingAlgorithm.SHA_256 };
        // RSA encrypts with the public key only, and the server does not pick a padding.
        await FailAsync(new EncryptRequestPayload { UniqueIdentifier = privateId, CryptographicParameters = oaep, Data = [1] }, ResultReason.IllegalObjectType);
        ResponseBatchItem noPadding = await FailAsync(new EncryptRequestPayload { UniqueIdentifier = publicId, Data = [1] }, ResultReason.BadCryptographicParameters);
        Assert.Contains("Padding Method", noPadding.ResultMessage, StringComparison.Ordinal);
        ResponseBatchItem tooLong = await FailAsync(new EncryptRequestPayload { UniqueIdentifier = publicId, CryptographicParameters = oaep, Data = new byte[191] }, ResultReason.BadCryptographicParameters);
        Assert.Contains("190", tooLong.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_masks_are_enforced_per_half_and_version()
    {
        (string privateId, string publicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.RSA, 2048, privateMask: CryptographicUsageMask.Decrypt, publicMask: CryptographicUsageMask.Verify | CryptographicUsageMask.Encrypt));
        // A public key never signs; a private key without Sign in its mask does not either.
        ResponseBatchItem publicSigns = await FailAsync(Sign(publicId, s_data), ResultReason.IllegalObjectType);
        Assert.Contains("cannot use a PublicKey", publicSigns.ResultMessage, StringComparison.Ordinal);
        await FailAsync(Sign(privateId, s_data), ResultReason.IncompatibleCryptographicUsageMask);
        await FailAsync(Sign(privateId, s_data), ResultReason.PermissionDenied, ProtocolVersion.V1_4);
        await FailAsync(Verify(privateId, s_data, new byte[256]), ResultReason.IllegalObjectType);
        await FailAsync(Verify(privateId, s_data, new byte[256]), ResultReason.InvalidField, ProtocolVersion.V1_4);
        // Creation refuses usages a half cannot serve.
        ResponseBatchItem refused = await FailAsync(CreateKeyPair(CryptographicAlgorithm.ECDSA, 256, publicMask: CryptographicUsageMask.Sign), ResultReason.InvalidField);
        Assert.Contains("public key's Cryptographic Usage Mask", refused.ResultMessage, StringComparison.Ordinal);
        await FailAsync(CreateKeyPair(CryptographicAlgorithm.RSA, 1024), ResultReason.InvalidField);
    }

    [Fact]
    public async Task Bad_cryptographic_parameters_are_named()
    {
        (string privateId, _) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.ECDSA, 256));
        ResponseBatchItem refused = await FailAsync(
            Sign(privateId, s_data, new CryptographicParameters { DigitalSignatureAlgorithm = DigitalSignatureAlgorithm.SHA_256WithRSAEncryption }),
            ResultReason.BadCryptographicParameters);
        Assert.Contains("SHA_256WithRSAEncryption", refused.ResultMessage, StringComparison.Ordinal);
        await FailAsync(Sign(privateId, s_data, new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_1 }), ResultReason.BadCryptographicParameters);
        await FailAsync(new SignRequestPayload { UniqueIdentifier = privateId, DigestedData = new byte[31] }, ResultReason.BadCryptographicParameters);
        await FailAsync(Sign(privateId, s_data, new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_1 }), ResultReason.InvalidField, ProtocolVersion.V1_4);
    }

    [Fact]
    public async Task Sign_uses_the_key_s_Cryptographic_Parameters_when_the_request_has_none()
    {
        CreateKeyPairRequestPayload request = CreateKeyPair(CryptographicAlgorithm.RSA, 2048);
        request.PrivateKeyAttributes!.Add(new KmipAttribute(Tag.CryptographicParameters, TtlvNode.Structure(Tag.CryptographicParameters,
            TtlvNode.Enumeration(Tag.PaddingMethod, (uint)PaddingMethod.PSS), TtlvNode.Enumeration(Tag.HashingAlgorithm, (uint)HashingAlgorithm.SHA_256),
            TtlvNode.Integer(Tag.SaltLength, 222))));
        (string privateId, string publicId) = await CreateActivePairAsync(request);
        byte[] signature = (await SendAsync<SignResponsePayload>(Sign(privateId, s_data))).SignatureData!;
        using RSA rsa = RSA.Create();
        rsa.ImportRSAPublicKey(await GetBytesAsync(publicId, KeyFormatType.PKCS_1), out _);
        // The BCL verifies PSS with a hash-length salt only: a 222-byte salt must not pass as PKCS#1 v1.5 or PSS-32.
        Assert.False(rsa.VerifyData(s_data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(rsa.VerifyData(s_data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        var pss222 = new CryptographicParameters { PaddingMethod = PaddingMethod.PSS, HashingAlgorithm = HashingAlgorithm.SHA_256, SaltLength = 222 };
        Assert.Equal(ValidityIndicator.Valid, (await SendAsync<SignatureVerifyResponsePayload>(Verify(publicId, s_data, signature, pss222))).ValidityIndicator);
    }

    [Fact]
    public async Task Register_accepts_keys_in_DER_and_transparent_formats_and_refuses_bytes_that_do_not_parse()
    {
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        RegisterResponsePayload registered = await SendAsync<RegisterResponsePayload>(RegisterKey(ObjectType.PrivateKey, KeyFormatType.PKCS_8,
            TtlvNode.ByteString(Tag.KeyMaterial, ecdsa.ExportPkcs8PrivateKey()), CryptographicAlgorithm.ECDSA));
        Assert.Equal(ecdsa.ExportECPrivateKey(), await GetBytesAsync(registered.UniqueIdentifier!, KeyFormatType.ECPrivateKey));
        GetAttributesResponsePayload attributes = await SendAsync<GetAttributesResponsePayload>(new GetAttributesRequestPayload { UniqueIdentifier = registered.UniqueIdentifier });
        Assert.Contains(attributes.Attributes!, a => a.Tag == Tag.CryptographicLength && a.Value.IntegerValue == 256);

        using RSA rsa = RSA.Create(2048);
        RSAParameters p = rsa.ExportParameters(false);
        RegisterResponsePayload transparent = await SendAsync<RegisterResponsePayload>(RegisterKey(ObjectType.PublicKey, KeyFormatType.TransparentRSAPublicKey,
            TtlvNode.Structure(Tag.KeyMaterial, TtlvNode.BigInteger(Tag.Modulus, [0, .. p.Modulus!]), TtlvNode.BigInteger(Tag.PublicExponent, [0, .. p.Exponent!])), CryptographicAlgorithm.RSA));
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), await GetBytesAsync(transparent.UniqueIdentifier!, KeyFormatType.X_509));

        ResponseBatchItem garbage = await FailAsync(RegisterKey(ObjectType.PrivateKey, KeyFormatType.PKCS_1,
            TtlvNode.ByteString(Tag.KeyMaterial, [0x30, 0x03, 0x02, 0x01, 0x00]), CryptographicAlgorithm.RSA), ResultReason.InvalidField);
        Assert.Contains("not a usable PKCS_1 key", garbage.ResultMessage, StringComparison.Ordinal);
        ResponseBatchItem mismatch = await FailAsync(RegisterKey(ObjectType.PrivateKey, KeyFormatType.PKCS_8,
            TtlvNode.ByteString(Tag.KeyMaterial, ecdsa.ExportPkcs8PrivateKey()), CryptographicAlgorithm.RSA), ResultReason.InvalidField);
        Assert.Contains("ECDSA", mismatch.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certify_issues_a_certificate_that_chains_to_the_CA()
    {
        // The CA: an EC pair whose private key may sign certificates, with a self-signed certificate made by the BCL.
        (string caPrivateId, string caPublicId) = await CreateActivePairAsync(CreateKeyPair(CryptographicAlgorithm.ECDSA, 256,
            privateMask: CryptographicUsageMask.Sign | CryptographicUsageMask.CertificateSign));
        using ECDsa caKey = ECDsa.Create();
        caKey.ImportPkcs8PrivateKey(await GetBytesAsync(caPrivateId, KeyFormatType.PKCS_8), out _);
        var caRequest = new X509CertificateRequest("CN=Clavis Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 caCertificate = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        RegisterResponsePayload caRegistered = await SendAsync<RegisterResponsePayload>(new RegisterRequestPayload
        {
            ObjectType = ObjectType.Certificate,
            Attributes = [Link(LinkType.PublicKeyLink, caPublicId)],
            Object = new Certificate { CertificateType = CertificateType.X_509, CertificateValue = caCertificate.RawData },
        });

        // The subject: an RSA pair, certified under the CA named by its certificate.
        CreateKeyPairRequestPayload subjectRequest = CreateKeyPair(CryptographicAlgorithm.RSA, 2048);
        subjectRequest.PublicKeyAttributes!.Add(Requests.Name("device-42"));
        CreateKeyPairResponsePayload subject = await SendAsync<CreateKeyPairResponsePayload>(subjectRequest);
        await FailAsync(new CertifyRequestPayload { UniqueIdentifier = subject.PublicKeyUniqueIdentifier }, ResultReason.InvalidField);
        CertifyResponsePayload certified = await SendAsync<CertifyResponsePayload>(new CertifyRequestPayload
        {
            UniqueIdentifier = subject.PublicKeyUniqueIdentifier,
            Attributes = [Link(LinkType.CertificateLink, caRegistered.UniqueIdentifier!)],
        });

        GetResponsePayload got = await SendAsync<GetResponsePayload>(Get(certified.UniqueIdentifier!));
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(Assert.IsType<Certificate>(got.Object).CertificateValue!);
        Assert.Equal("CN=device-42", certificate.Subject);
        Assert.Equal(await GetBytesAsync(subject.PublicKeyUniqueIdentifier!, KeyFormatType.X_509), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        GetAttributesResponsePayload publicAttributes = await SendAsync<GetAttributesResponsePayload>(new GetAttributesRequestPayload { UniqueIdentifier = subject.PublicKeyUniqueIdentifier });
        Assert.Contains(publicAttributes.Attributes!, a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.CertificateLink
            && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == certified.UniqueIdentifier);
    }

    private static RegisterRequestPayload RegisterKey(ObjectType type, KeyFormatType format, TtlvNode material, CryptographicAlgorithm algorithm)
    {
        var block = new KeyBlock { KeyFormatType = format, KeyValue = new KeyValue { KeyMaterial = material }, CryptographicAlgorithm = algorithm };
        return new RegisterRequestPayload
        {
            ObjectType = type,
            Attributes = [Mask(type == ObjectType.PrivateKey ? CryptographicUsageMask.Sign : CryptographicUsageMask.Verify)],
            Object = type == ObjectType.PrivateKey ? new PrivateKey { KeyBlock = block } : new PublicKey { KeyBlock = block },
        };
    }
}
