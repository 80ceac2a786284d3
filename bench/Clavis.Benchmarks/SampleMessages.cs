using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Benchmarks;

/// <summary>
/// The messages the benchmarks measure, written with <see cref="TtlvWriter"/> exactly as a client or server
/// would: a Get request, a Create response and an Encrypt request carrying 1 KiB of data.
/// </summary>
public static class SampleMessages
{
    /// <summary>The names <see cref="Write"/> accepts, for <c>[ParamsSource]</c>.</summary>
    public static IEnumerable<string> Names => ["GetRequest", "CreateResponse", "EncryptRequest1KiB"];

    /// <summary>Writes the named message into <paramref name="writer"/>.</summary>
    public static void Write(string name, TtlvWriter writer)
    {
        switch (name)
        {
            case "GetRequest": WriteGetRequest(writer); break;
            case "CreateResponse": WriteCreateResponse(writer); break;
            case "EncryptRequest1KiB": WriteEncryptRequest(writer); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such sample message");
        }
    }

    /// <summary>The named message's bytes.</summary>
    public static byte[] Bytes(string name)
    {
        using var writer = new TtlvWriter();
        Write(name, writer);
        return writer.ToArray();
    }

    private const string KeyId = "21d28b8a-06df-43c0-b72f-2a161633ada9";

    private static readonly byte[] s_plaintext = CreateFilled(1024, 0x5A);
    private static readonly byte[] s_nonce = CreateFilled(12, 0x01);

    private static void WriteGetRequest(TtlvWriter writer)
    {
        writer.WriteStartStructure(Tag.RequestMessage);
        WriteRequestHeader(writer, minor: 4);
        writer.WriteStartStructure(Tag.BatchItem);
        writer.WriteEnumeration(Tag.Operation, (uint)Operation.Get);
        writer.WriteStartStructure(Tag.RequestPayload);
        writer.WriteTextString(Tag.UniqueIdentifier, KeyId);
        writer.WriteEndStructure();
        writer.WriteEndStructure();
        writer.WriteEndStructure();
    }

    private static void WriteCreateResponse(TtlvWriter writer)
    {
        writer.WriteStartStructure(Tag.ResponseMessage);
        writer.WriteStartStructure(Tag.ResponseHeader);
        WriteProtocolVersion(writer, minor: 4);
        writer.WriteDateTimeSeconds(Tag.TimeStamp, 1_700_000_000);
        writer.WriteInteger(Tag.BatchCount, 1);
        writer.WriteEndStructure();
        writer.WriteStartStructure(Tag.BatchItem);
        writer.WriteEnumeration(Tag.Operation, (uint)Operation.Create);
        writer.WriteEnumeration(Tag.ResultStatus, (uint)ResultStatus.Success);
        writer.WriteStartStructure(Tag.ResponsePayload);
        writer.WriteEnumeration(Tag.ObjectType, (uint)ObjectType.SymmetricKey);
        writer.WriteTextString(Tag.UniqueIdentifier, KeyId);
        writer.WriteEndStructure();
        writer.WriteEndStructure();
        writer.WriteEndStructure();
    }

    private static void WriteEncryptRequest(TtlvWriter writer)
    {
        writer.WriteStartStructure(Tag.RequestMessage);
        WriteRequestHeader(writer, minor: 4);
        writer.WriteStartStructure(Tag.BatchItem);
        writer.WriteEnumeration(Tag.Operation, (uint)Operation.Encrypt);
        writer.WriteStartStructure(Tag.RequestPayload);
        writer.WriteTextString(Tag.UniqueIdentifier, KeyId);
        writer.WriteStartStructure(Tag.CryptographicParameters);
        writer.WriteEnumeration(Tag.BlockCipherMode, (uint)BlockCipherMode.GCM);
        writer.WriteEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
        writer.WriteEndStructure();
        writer.WriteByteString(Tag.Data, s_plaintext);
        writer.WriteByteString(Tag.IVCounterNonce, s_nonce);
        writer.WriteEndStructure();
        writer.WriteEndStructure();
        writer.WriteEndStructure();
    }

    private static void WriteRequestHeader(TtlvWriter writer, int minor)
    {
        writer.WriteStartStructure(Tag.RequestHeader);
        WriteProtocolVersion(writer, minor);
        writer.WriteInteger(Tag.BatchCount, 1);
        writer.WriteEndStructure();
    }

    private static void WriteProtocolVersion(TtlvWriter writer, int minor)
    {
        writer.WriteStartStructure(Tag.ProtocolVersion);
        writer.WriteInteger(Tag.ProtocolVersionMajor, 1);
        writer.WriteInteger(Tag.ProtocolVersionMinor, minor);
        writer.WriteEndStructure();
    }

    private static byte[] CreateFilled(int length, byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }
}
