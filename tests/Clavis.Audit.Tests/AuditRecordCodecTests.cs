using System.Security.Cryptography;
using Clavis.Core.Audit;

namespace Clavis.Audit.Tests;

public sealed class AuditRecordCodecTests
{
    internal static AuditRecord Sample() => new()
    {
        Time = new DateTimeOffset(2026, 11, 28, 20, 0, 0, TimeSpan.Zero).AddTicks(12_340),
        NodeId = "node-1",
        Source = AuditSource.KmipRequest,
        Operation = "Get",
        Principal = "alice",
        CertificateFingerprint = "AB01",
        ClientAddress = "10.0.0.7:50123",
        SessionId = 42,
        RequestId = "0193",
        BatchItemIndex = 1,
        ObjectIds = ["7f3c", "9a01"],
        ObjectCount = 2,
        ObjectType = "SymmetricKey",
        CryptographicAlgorithm = "AES",
        CryptographicLength = 256,
        CryptographicUsageMask = 12,
        State = "Active",
        ResultStatus = "Success",
        DataSize = 1024,
    };

    // STABLE FORMAT: if this fails, the encoding of version 1 changed and every journal on disk would stop
    // verifying. Do not update the expected values: restore the encoding, and put a change into a new
    // AuditRecordCodec.FormatVersion that Decode reads beside version 1.
    [Fact]
    public void Format_version_1_bytes_never_change()
    {
        (byte[] encoded, byte[] hash) = AuditRecordCodec.Link(AuditRecordCodec.FormatVersion1, "node-1", 5, new byte[32], AuditRecordCodec.EncodeVersion1Body(Sample()));

        Assert.Equal(
            "01000000066E6F64652D310000000000000005000000000000000000000000000000000000000000000000000000000000000000"
            + "06615B9F2234D201000000034765740100000005616C696365010000000441423031010000000E31302E302E302E373A35303132"
            + "3301000000000000002A010000000430313933010000000100000002000000020000000437663363000000043961303101000000"
            + "0C53796D6D65747269634B657901000000034145530100000100010000000C010000000641637469766500000007537563636573"
            + "730000010000000000000400",
            Convert.ToHexString(encoded));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(encoded)), Convert.ToHexString(hash));
    }

    [Fact]
    public void A_version_1_record_still_reads_back_without_the_version_2_fields()
    {
        (byte[] encoded, _) = AuditRecordCodec.Link(AuditRecordCodec.FormatVersion1, "node-1", 5, new byte[32], AuditRecordCodec.EncodeVersion1Body(SampleVersion2()));

        AuditRecord read = AuditRecordCodec.Decode(encoded).Record;

        Assert.Equal(("Get", "alice", 1024L), (read.Operation, read.Principal, read.DataSize));
        Assert.Equal((null, null, 0, 0, (long?)null), (read.PolicyDecision, read.DeviceType, read.CredentialTypes.Count, read.Claims.Count, read.UsageCount));
        Assert.Equal("Success", AuditRecordCodec.DecodeSummary(encoded).ResultStatus);
    }

    internal static AuditRecord SampleVersion2() => Sample() with
    {
        PolicyDecision = "Allow",
        PolicyRule = "payments@3#encrypt-hours",
        PolicyReason = "allowed by statement encrypt-hours",
        DeviceType = "hsm-gateway",
        DeviceClass = "sensor",
        Application = "billing",
        SoftwareLevel = 3,
        HardwareLevel = 2,
        CredentialTypes = ["UsernameAndPassword", "Device"],
        Claims = [new("DeviceSerialNumber", "SN-1"), new("Username", "bob")],
        UsageCount = 7,
    };

    // STABLE FORMAT: as for version 1 — never update the expected bytes of a released version.
    [Fact]
    public void Format_version_2_bytes_never_change()
    {
        (byte[] encoded, byte[] hash) = AuditRecordCodec.Link(AuditRecordCodec.FormatVersion2, "node-1", 5, new byte[32], AuditRecordCodec.EncodeVersion2Body(SampleVersion2()));

        Assert.Equal(2, encoded[0]);
        Assert.Equal(PinnedVersion2, Convert.ToHexString(encoded));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(encoded)), Convert.ToHexString(hash));
    }

    // STABLE FORMAT: as for version 1. Version 3 is version 2's bytes with the version byte 3 and one
    // optional batch item count at the end: absent (0) for a record of one item, present (1 + i32) for a fold.
    [Fact]
    public void Format_version_3_bytes_never_change()
    {
        (byte[] single, byte[] singleHash) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2()));
        (byte[] folded, _) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2() with { BatchItemCount = 10 }));

        Assert.Equal(3, AuditRecordCodec.FormatVersion);
        Assert.Equal("03" + PinnedVersion2[2..] + "00", Convert.ToHexString(single));
        Assert.Equal("03" + PinnedVersion2[2..] + "010000000A", Convert.ToHexString(folded));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(single)), Convert.ToHexString(singleHash));
    }

    [Fact]
    public void A_version_3_record_reads_back_its_batch_item_count_and_refuses_a_count_below_two()
    {
        (byte[] folded, _) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2() with { BatchItemCount = 10 }));
        (byte[] single, _) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2()));
        (byte[] one, _) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2() with { BatchItemCount = 1 }));

        Assert.Equal((10, 10), (AuditRecordCodec.Decode(folded).Record.BatchItemCount, AuditRecordCodec.Decode(folded).Record.Items));
        Assert.Equal((null, 1), (AuditRecordCodec.Decode(single).Record.BatchItemCount, AuditRecordCodec.Decode(single).Record.Items));
        Assert.Contains("at least 2", Assert.Throws<FormatException>(() => AuditRecordCodec.Decode(one)).Message);
        Assert.Equal("Get", AuditRecordCodec.DecodeSummary(folded).Operation);
    }

    [Fact]
    public void A_record_of_an_unknown_format_is_refused()
    {
        (byte[] encoded, _) = AuditRecordCodec.Link("node-1", 5, new byte[32], AuditRecordCodec.EncodeBody(SampleVersion2()));
        encoded[0] = 4;

        Assert.Contains("format 4 is unknown", Assert.Throws<FormatException>(() => AuditRecordCodec.Decode(encoded)).Message);
        Assert.Throws<ArgumentException>(() => AuditRecordCodec.Link(4, "node-1", 5, new byte[32], []));
    }

    // The store's writer encodes into a reused buffer with WriteLinked: it must write Link's bytes exactly,
    // also after the buffer held a longer record.
    [Fact]
    public void WriteLinked_writes_the_bytes_Link_returns()
    {
        byte[] body = AuditRecordCodec.EncodeBody(SampleVersion2());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16);
        AuditRecordCodec.WriteLinked(buffer, "a-longer-node-id", 9, new byte[32], body);
        buffer.ResetWrittenCount();

        AuditRecordCodec.WriteLinked(buffer, "node-1", 5, new byte[32], body);

        Assert.Equal(Convert.ToHexString(AuditRecordCodec.Link("node-1", 5, new byte[32], body).Encoded), Convert.ToHexString(buffer.WrittenSpan));
        Assert.Equal("03" + PinnedVersion2[2..] + "00", Convert.ToHexString(buffer.WrittenSpan));
    }

    [Fact]
    public void A_version_2_record_reads_back_every_field()
    {
        (byte[] encoded, _) = AuditRecordCodec.Link(AuditRecordCodec.FormatVersion2, "node-1", 5, new byte[32], AuditRecordCodec.EncodeVersion2Body(SampleVersion2()));

        AuditRecord read = AuditRecordCodec.Decode(encoded).Record;
        AuditRecord expected = SampleVersion2();

        Assert.Equal(expected with { ObjectIds = read.ObjectIds, CredentialTypes = read.CredentialTypes, Claims = read.Claims }, read);
        Assert.Equal(expected.ObjectIds, read.ObjectIds);
        Assert.Equal(expected.CredentialTypes, read.CredentialTypes);
        Assert.Equal(expected.Claims, read.Claims);
        Assert.Throws<FormatException>(() => AuditRecordCodec.Decode([.. encoded, 0]));
    }

    private const string PinnedVersion2 =
        "02000000066E6F64652D310000000000000005000000000000000000000000000000000000000000000000000000000000000000"
        + "06615B9F2234D201000000034765740100000005616C696365010000000441423031010000000E31302E302E302E373A35303132"
        + "3301000000000000002A010000000430313933010000000100000002000000020000000437663363000000043961303101000000"
        + "0C53796D6D65747269634B657901000000034145530100000100010000000C010000000641637469766500000007537563636573"
        + "7300000100000000000004000100000005416C6C6F7701000000187061796D656E7473403323656E63727970742D686F75727301"
        + "00000022616C6C6F7765642062792073746174656D656E7420656E63727970742D686F757273010000000B68736D2D6761746577"
        + "6179010000000673656E736F72010000000762696C6C696E67010000000301000000020000000200000013557365726E616D6541"
        + "6E6450617373776F726400000006446576696365000000020000001244657669636553657269616C4E756D62657200000004534E"
        + "2D3100000008557365726E616D6500000003626F62010000000000000007";

    [Fact]
    public void A_record_reads_back_with_its_place_in_the_chain()
    {
        byte[] previous = RandomNumberGenerator.GetBytes(32);
        (byte[] encoded, _) = AuditRecordCodec.Link("node-2", 9, previous, AuditRecordCodec.EncodeBody(Sample()));

        AuditEntry entry = AuditRecordCodec.Decode(encoded);

        Assert.Equal(("node-2", 9L), (entry.NodeId, entry.Sequence));
        Assert.Equal(previous, entry.PreviousHash);
        Assert.Equal(Sample() with { NodeId = "node-2", ObjectIds = entry.Record.ObjectIds, CredentialTypes = entry.Record.CredentialTypes, Claims = entry.Record.Claims }, entry.Record);
        Assert.Equal(["7f3c", "9a01"], entry.Record.ObjectIds);
    }

    [Fact]
    public void The_summary_reads_the_same_chain_fields_and_columns_as_the_full_decoder()
    {
        (byte[] encoded, _) = AuditRecordCodec.Link("node-3", 77, RandomNumberGenerator.GetBytes(32), AuditRecordCodec.EncodeBody(Sample() with { Message = "m", ResultReason = "ItemNotFound" }));

        AuditEntry full = AuditRecordCodec.Decode(encoded);
        AuditRecordSummary summary = AuditRecordCodec.DecodeSummary(encoded);

        Assert.Equal((full.NodeId, full.Sequence, AuditRecordCodec.ToMicroseconds(full.Record.Time)), (summary.NodeId, summary.Sequence, summary.TimeMicroseconds));
        Assert.Equal(full.PreviousHash, summary.PreviousHash);
        Assert.Equal((full.Record.Operation, full.Record.Principal, full.Record.ObjectIds[0], full.Record.ResultStatus), (summary.Operation, summary.Principal, summary.FirstObjectId, summary.ResultStatus));
    }

    [Fact]
    public void A_long_message_is_cut_and_extra_bytes_are_refused()
    {
        AuditRecord record = Sample() with { Message = new string('m', 2000) };
        (byte[] encoded, _) = AuditRecordCodec.Link("n", 1, new byte[32], AuditRecordCodec.EncodeBody(record));

        Assert.Equal(AuditRecord.MaxMessageLength, AuditRecordCodec.Decode(encoded).Record.Message!.Length);
        Assert.Throws<FormatException>(() => AuditRecordCodec.Decode([.. encoded, 0]));
        Assert.Throws<FormatException>(() => AuditRecordCodec.Decode(encoded.AsSpan(0, encoded.Length - 3)));
    }
}
