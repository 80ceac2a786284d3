using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit.Tests;

public sealed class AuditRecordCoalescingTests
{
    private static AuditRecord Item(int index, long? usageCount = null) =>
        AuditRecordCodecTests.SampleVersion2() with { Operation = "Encrypt", BatchItemIndex = index, UsageCount = usageCount, ObjectIds = ["7f3c"], ObjectCount = 1 };

    private static AuditRecord Fold(params AuditRecord[] items)
    {
        AuditRecord folded = items[0];
        foreach (AuditRecord next in items.Skip(1))
        {
            Assert.True(folded.TryCoalesce(next, out AuditRecord? both));
            folded = both;
        }

        return folded;
    }

    [Fact]
    public void Ten_alike_items_become_one_record_that_keeps_every_fact()
    {
        AuditRecord folded = Fold([.. Enumerable.Range(3, 10).Select(i => Item(i, usageCount: 20 + i))]);

        Assert.Equal((3, 10, 10, 32L), (folded.BatchItemIndex, folded.BatchItemCount, folded.Items, folded.UsageCount));
        // Everything else is the first item's, which was every item's.
        Assert.Equal(Item(3) with { ObjectIds = folded.ObjectIds, CredentialTypes = folded.CredentialTypes, Claims = folded.Claims, BatchItemCount = 10, UsageCount = 32 }, folded);
        Assert.Equal(1024, folded.DataSize);
    }

    [Fact]
    public void Lists_are_compared_by_content_not_by_instance()
    {
        AuditRecord next = Item(1) with { ObjectIds = ["7f3c"], CredentialTypes = ["UsernameAndPassword", "Device"], Claims = [new("DeviceSerialNumber", "SN-1"), new("Username", "bob")] };

        Assert.True(Item(0).TryCoalesce(next, out _));
    }

    public static TheoryData<string, AuditRecord, AuditRecord> NotAlike() => new()
    {
        { "a refusal", Item(0) with { ResultStatus = "OperationFailed", ResultReason = "PermissionDenied" }, Item(1) with { ResultStatus = "OperationFailed", ResultReason = "PermissionDenied" } },
        { "another object", Item(0), Item(1) with { ObjectIds = ["9a01"] } },
        { "a gap in the items", Item(0), Item(2) },
        { "the same item again", Item(0), Item(0) },
        { "a skipped use", Item(0, usageCount: 5), Item(1, usageCount: 7) },
        { "a usage count on one side", Item(0), Item(1, usageCount: 1) },
        { "another data size", Item(0), Item(1) with { DataSize = 16 } },
        { "another message", Item(0), Item(1) with { RequestId = "0194" } },
        { "another operation", Item(0), Item(1) with { Operation = "Decrypt" } },
        { "another state", Item(0), Item(1) with { State = "Deactivated" } },
        { "another policy rule", Item(0), Item(1) with { PolicyRule = "payments@4#encrypt-hours" } },
        { "another claim", Item(0), Item(1) with { Claims = [new("DeviceSerialNumber", "SN-2"), new("Username", "bob")] } },
        { "another credential", Item(0), Item(1) with { CredentialTypes = ["Device"] } },
        { "a record that is already a fold", Item(0), Item(1) with { BatchItemCount = 2 } },
        { "the server's own action", Item(0) with { Source = AuditSource.Server }, Item(1) with { Source = AuditSource.Server } },
        { "no batch item", Item(0) with { BatchItemIndex = null }, Item(1) },
    };

    [Theory]
    [MemberData(nameof(NotAlike))]
    public void Records_that_say_something_different_stay_apart(string why, AuditRecord first, AuditRecord next)
    {
        Assert.False(first.TryCoalesce(next, out AuditRecord? folded), why);
        Assert.Null(folded);
    }

    [Fact]
    public void A_folded_record_survives_the_codec_and_the_export_formats_name_its_count()
    {
        AuditRecord folded = Fold(Item(0), Item(1), Item(2));
        (byte[] encoded, byte[] hash) = AuditRecordCodec.Link("node-1", 9, new byte[32], AuditRecordCodec.EncodeBody(folded));
        AuditEntry entry = AuditRecordCodec.Decode(encoded);

        Assert.Equal((0, 3), (entry.Record.BatchItemIndex, entry.Record.BatchItemCount));
        var row = new StoredAuditRecord("node-1", 9, hash, encoded, AuditRecordCodec.ToMicroseconds(folded.Time), folded.Principal, folded.Operation, "7f3c", folded.ResultStatus);
        var json = new StringWriter();
        AuditJsonLines.Write(json, row);
        Assert.Contains("\"batchItemCount\":3", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("batchItemCount=\"3\"", AuditSyslogLines.Line(row), StringComparison.Ordinal);
        Assert.Contains(" cnt=3 ", AuditCefLines.Line(row, "0.1.0"), StringComparison.Ordinal);
    }
}
