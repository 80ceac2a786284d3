using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Integration.Tests.Support.KeyPairRequests;
using PublicKey = Clavis.Kmip.Messages.PublicKey;

namespace Clavis.Integration.Tests;

/// <summary>Re-key Key Pair over mutual TLS; the new pair's signatures are checked with the BCL.</summary>
public sealed class ReKeyKeyPairTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly byte[] s_data = "signed by the replacement pair"u8.ToArray();

    private async Task<T> SendAsync<T>(RequestPayload payload)
        where T : ResponsePayload
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return Responses.Success<T>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, payload)));
    }

    private async Task<List<KmipAttribute>> AttributesAsync(string id) =>
        (await SendAsync<GetAttributesResponsePayload>(new GetAttributesRequestPayload { UniqueIdentifier = id })).Attributes!;

    private static string? Linked(List<KmipAttribute> attributes, LinkType type) => attributes
        .Where(a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkType)!.EnumerationValue == (uint)type)
        .Select(a => a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue)
        .SingleOrDefault();

    [Theory]
    [InlineData(CryptographicAlgorithm.EC, null, RecommendedCurve.P_256)]
    [InlineData(CryptographicAlgorithm.RSA, 2048, null)]
    public async Task The_new_pair_replaces_both_halves_links_them_and_signs(CryptographicAlgorithm algorithm, int? length, RecommendedCurve? curve)
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(CreateKeyPair(algorithm, length, curve));
        string oldPrivate = created.PrivateKeyUniqueIdentifier!, oldPublic = created.PublicKeyUniqueIdentifier!;

        // Offset 0: the new pair's Activation Date is its Initial Date, so it is Active at once.
        ReKeyKeyPairResponsePayload rekeyed = await SendAsync<ReKeyKeyPairResponsePayload>(new ReKeyKeyPairRequestPayload { PrivateKeyUniqueIdentifier = oldPrivate, Offset = 0 });
        string newPrivate = rekeyed.PrivateKeyUniqueIdentifier!, newPublic = rekeyed.PublicKeyUniqueIdentifier!;

        Assert.DoesNotContain(newPrivate, new[] { oldPrivate, oldPublic });
        List<KmipAttribute> newPrivateAttributes = await AttributesAsync(newPrivate);
        List<KmipAttribute> newPublicAttributes = await AttributesAsync(newPublic);
        Assert.Equal(newPublic, Linked(newPrivateAttributes, LinkType.PublicKeyLink));
        Assert.Equal(newPrivate, Linked(newPublicAttributes, LinkType.PrivateKeyLink));
        Assert.Equal(oldPrivate, Linked(newPrivateAttributes, LinkType.ReplacedObjectLink));
        Assert.Equal(oldPublic, Linked(newPublicAttributes, LinkType.ReplacedObjectLink));
        Assert.Equal(newPrivate, Linked(await AttributesAsync(oldPrivate), LinkType.ReplacementObjectLink));
        Assert.Equal(newPublic, Linked(await AttributesAsync(oldPublic), LinkType.ReplacementObjectLink));
        Assert.Equal((uint)State.Active, newPrivateAttributes.Single(a => a.Tag == Tag.State).Value.EnumerationValue);
        Assert.Equal((uint)algorithm, newPublicAttributes.Single(a => a.Tag == Tag.CryptographicAlgorithm).Value.EnumerationValue);

        byte[] signature = (await SendAsync<SignResponsePayload>(Sign(newPrivate, s_data))).SignatureData!;
        var publicKey = (PublicKey)(await SendAsync<GetResponsePayload>(Get(newPublic, KeyFormatType.X_509))).Object!;
        byte[] spki = publicKey.KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue;
        if (algorithm == CryptographicAlgorithm.RSA)
        {
            using RSA rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            Assert.True(rsa.VerifyData(s_data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
        else
        {
            using ECDsa ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            Assert.True(ecdsa.VerifyData(s_data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    [Fact]
    public async Task A_public_key_cannot_be_named_as_the_pair_to_re_key()
    {
        CreateKeyPairResponsePayload created = await SendAsync<CreateKeyPairResponsePayload>(CreateKeyPair(CryptographicAlgorithm.EC, null, RecommendedCurve.P_256));
        await using KmipTestClient client = await server.ConnectAsync();
        ResponseBatchItem refused = Responses.Failure(
            await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new ReKeyKeyPairRequestPayload { PrivateKeyUniqueIdentifier = created.PublicKeyUniqueIdentifier })),
            ResultReason.IllegalObjectType);
        Assert.Contains("Private Key", refused.ResultMessage, StringComparison.Ordinal);
    }
}
