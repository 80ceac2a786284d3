using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit.Tests;

/// <summary>CEF and RFC 5424 syslog export: the whole line for an ordinary record, and escaping of hostile values.</summary>
public sealed class AuditSiemFormatTests
{
    private const string Hostile = "a|b=c\\d]\"";

    [Fact]
    public void A_cef_line_has_the_header_and_the_standard_keys()
    {
        StoredAuditRecord row = Stored(Record());

        string line = AuditCefLines.Line(row, "0.1.0");

        Assert.Equal(
            "CEF:0|Clavis|Clavis KMS|0.1.0|Get|Get Success|3|rt=1767225600123 deviceExternalId=node-1 cat=KmipRequest act=Get outcome=Success suser=alice "
            + "src=192.0.2.7 spt=40123 cn1Label=sequence cn1=7 cn2Label=sessionId cn2=12 cn3Label=dataSize cn3=4096 cs1Label=objectIds cs1=key-1,key-2 "
            + "cs2Label=certificateFingerprint cs2=F00D cs3Label=requestId cs3=request-1 cs4Label=objectType cs4=SymmetricKey cs5Label=policyDecision cs5=Allow "
            + "cs6Label=policyRule cs6=payments@3#encrypt-hours requestClientApplication=billing flexNumber1Label=cryptographicLength flexNumber1=256 flexNumber2Label=cryptographicUsageMask flexNumber2=12 "
            + $"flexString1Label=hash flexString1={Convert.ToHexStringLower(row.Hash)} flexString2Label=previousHash flexString2={new string('1', 64)}",
            line);
    }

    [Fact]
    public void Cef_escapes_pipes_in_the_header_and_backslashes_equals_signs_and_line_breaks_in_extensions()
    {
        AuditRecord hostile = Record() with
        {
            Operation = "Get|x\\y\nz",
            Principal = Hostile,
            Message = "first line\nsecond=line\r",
            ClientAddress = "not an address",
        };

        string line = AuditCefLines.Line(Stored(hostile), "1|2");

        Assert.StartsWith(@"CEF:0|Clavis|Clavis KMS|1\|2|Get\|x\\y z|Get\|x\\y z Success|3|", line, StringComparison.Ordinal);
        Assert.Contains(@" act=Get|x\\y\nz ", line, StringComparison.Ordinal);
        Assert.Contains(@" suser=a|b\=c\\d]"" ", line, StringComparison.Ordinal);
        Assert.Contains(@" msg=first line\nsecond\=line\r ", line, StringComparison.Ordinal);
        Assert.Contains(" shost=not an address ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
    }

    [Fact]
    public void A_syslog_line_is_rfc_5424_with_every_field_as_structured_data()
    {
        StoredAuditRecord row = Stored(Record());

        string line = AuditSyslogLines.Line(row);

        Assert.Equal(
            "<110>1 2026-01-01T00:00:00.123456Z node-1 clavis - Get [clavis@32473 node=\"node-1\" sequence=\"7\" "
            + $"hash=\"{Convert.ToHexStringLower(row.Hash)}\" previousHash=\"{new string('1', 64)}\" source=\"KmipRequest\" operation=\"Get\" principal=\"alice\" "
            + "certificateFingerprint=\"F00D\" clientAddress=\"192.0.2.7:40123\" sessionId=\"12\" requestId=\"request-1\" batchItem=\"0\" objectIds=\"key-1,key-2\" "
            + "objectCount=\"2\" objectType=\"SymmetricKey\" cryptographicAlgorithm=\"AES\" cryptographicLength=\"256\" cryptographicUsageMask=\"12\" state=\"Active\" "
            + "resultStatus=\"Success\" dataSize=\"4096\" policyDecision=\"Allow\" policyRule=\"payments@3#encrypt-hours\" application=\"billing\" "
            + "credentialType=\"UsernameAndPassword\" credentialType=\"Device\" claim=\"Username=alice\" usageCount=\"7\"] Get Success",
            line);
    }

    [Fact]
    public void Syslog_escapes_quotes_backslashes_and_brackets_and_keeps_a_line_break_inside_the_line()
    {
        AuditRecord hostile = Record() with { Principal = Hostile, Message = "first\nsecond\r", Operation = "Get Something|]", Claims = [new("Username", Hostile)] };

        string line = AuditSyslogLines.Line(Stored(hostile));

        Assert.Contains(@" principal=""a|b=c\\d\]\""""", line, StringComparison.Ordinal);
        Assert.Contains(@" message=""first\nsecond\r""", line, StringComparison.Ordinal);
        Assert.Contains(@" claim=""Username=a|b=c\\d\]\""""", line, StringComparison.Ordinal);
        // Not printable ASCII without spaces: the MSGID is the NILVALUE, the operation is still in the data.
        Assert.StartsWith("<110>1 2026-01-01T00:00:00.123456Z node-1 clavis - - [clavis@32473 ", line, StringComparison.Ordinal);
        Assert.Contains(@" operation=""Get Something|\]""", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Json_lines_carry_the_policy_decision_and_what_the_principal_presented()
    {
        var output = new StringWriter();

        AuditJsonLines.Write(output, Stored(Record() with { SoftwareLevel = 3 }));
        using System.Text.Json.JsonDocument line = System.Text.Json.JsonDocument.Parse(output.ToString());
        System.Text.Json.JsonElement r = line.RootElement;

        Assert.Equal(("Allow", "payments@3#encrypt-hours", "billing"), (r.GetProperty("policyDecision").GetString(), r.GetProperty("policyRule").GetString(), r.GetProperty("application").GetString()));
        Assert.Equal(["UsernameAndPassword", "Device"], r.GetProperty("credentialTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("alice", r.GetProperty("claims").GetProperty("Username").GetString());
        Assert.Equal((3, 7L), (r.GetProperty("softwareLevel").GetInt32(), r.GetProperty("usageCount").GetInt64()));
        Assert.False(r.TryGetProperty("deviceType", out _));
    }

    [Theory]
    [InlineData("Success", null, 3, 110)]
    [InlineData("OperationFailed", "ItemNotFound", 5, 109)]
    [InlineData("OperationFailed", "PermissionDenied", 8, 108)]
    [InlineData("OperationFailed", "AuthenticationNotSuccessful", 8, 108)]
    public void Refusals_rank_above_failures_which_rank_above_successes(string status, string? reason, int cefSeverity, int syslogPriority)
    {
        StoredAuditRecord row = Stored(Record() with { ResultStatus = status, ResultReason = reason });

        Assert.Contains($"|{cefSeverity}|rt=", AuditCefLines.Line(row, "0.1.0"), StringComparison.Ordinal);
        Assert.StartsWith($"<{syslogPriority}>1 ", AuditSyslogLines.Line(row), StringComparison.Ordinal);
    }

    private static AuditRecord Record() => new()
    {
        Time = AuditRecordCodec.FromMicroseconds(1_767_225_600_123_456),
        NodeId = "node-1",
        Source = AuditSource.KmipRequest,
        Operation = "Get",
        Principal = "alice",
        CertificateFingerprint = "F00D",
        ClientAddress = "192.0.2.7:40123",
        SessionId = 12,
        RequestId = "request-1",
        BatchItemIndex = 0,
        ObjectIds = ["key-1", "key-2"],
        ObjectCount = 2,
        ObjectType = "SymmetricKey",
        CryptographicAlgorithm = "AES",
        CryptographicLength = 256,
        CryptographicUsageMask = 12,
        State = "Active",
        ResultStatus = "Success",
        DataSize = 4096,
        PolicyDecision = "Allow",
        PolicyRule = "payments@3#encrypt-hours",
        Application = "billing",
        CredentialTypes = ["UsernameAndPassword", "Device"],
        Claims = [new("Username", "alice")],
        UsageCount = 7,
    };

    private static StoredAuditRecord Stored(AuditRecord record)
    {
        byte[] previous = Convert.FromHexString(new string('1', 64));
        (byte[] encoded, byte[] hash) = AuditRecordCodec.Link(record.NodeId, 7, previous, AuditRecordCodec.EncodeBody(record));
        return new StoredAuditRecord(record.NodeId, 7, hash, encoded, AuditRecordCodec.ToMicroseconds(record.Time), record.Principal, record.Operation, record.ObjectIds.FirstOrDefault(), record.ResultStatus);
    }
}
