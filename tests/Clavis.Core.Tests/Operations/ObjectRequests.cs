using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Tests.Operations;

/// <summary>Builders for the requests the object handler tests send.</summary>
internal static class ObjectRequests
{
    public static KmipAttribute Algorithm(CryptographicAlgorithm algorithm) =>
        new(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)algorithm));

    public static KmipAttribute Length(int bits) => new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, bits));

    public static KmipAttribute Usage(CryptographicUsageMask mask) => new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)mask));

    public static KmipAttribute Name(string value) =>
        new(Tag.Name, TtlvNode.Structure(Tag.Name, TtlvNode.TextString(Tag.NameValue, value), TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));

    public static KmipAttribute Comment(string value) => new(Tag.Comment, TtlvNode.TextString(Tag.Comment, value));

    public static List<KmipAttribute> Aes256() =>
        [Algorithm(CryptographicAlgorithm.AES), Length(256), Usage(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)];

    public static CreateRequestPayload CreateAes256() => new() { ObjectType = ObjectType.SymmetricKey, Attributes = Aes256() };

    public static SymmetricKey RawAesKey(byte[] key) => new()
    {
        KeyBlock = new KeyBlock
        {
            KeyFormatType = KeyFormatType.Raw,
            KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, key) },
            CryptographicAlgorithm = CryptographicAlgorithm.AES,
            CryptographicLength = key.Length * 8,
        },
    };

    public static async Task<T> Run<T>(IOperationHandler handler, RequestPayload request, OperationContext context)
        where T : ResponsePayload
    {
        ResponsePayload response = await handler.HandleAsync(request, context, CancellationToken.None);
        await context.Objects.CommitAsync(CancellationToken.None);
        return Assert.IsType<T>(response);
    }

    public static async Task<string> CreateAes256Async(Support.CoreFixture fixture, ProtocolVersion? version = null, params KmipAttribute[] extra)
    {
        CreateRequestPayload request = CreateAes256();
        request.Attributes!.AddRange(extra);
        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(), request, fixture.Context(version: version));
        return created.UniqueIdentifier!;
    }

    public static async Task<KmipException> Refused(IOperationHandler handler, RequestPayload request, OperationContext context) =>
        await Assert.ThrowsAsync<KmipException>(async () => await handler.HandleAsync(request, context, CancellationToken.None));
}
