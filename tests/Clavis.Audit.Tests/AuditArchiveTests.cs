using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;

namespace Clavis.Audit.Tests;

/// <summary>
/// Retention on a real journal: an archived range leaves a store and an archive file that each verify alone, and
/// every way of removing or forging records around an archive is still caught.
/// </summary>
public sealed class AuditArchiveTests
{
    private const int Records = 1500;

    [Fact]
    public async Task Archiving_a_range_leaves_a_store_and_an_archive_that_both_verify()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string file = Path.Combine(journal.Directory, "archives", "first.jsonl");

        AuditArchiveResult archived = await ArchiveAsync(journal, file, through: journal.LastSequence);
        AuditVerification store = journal.Verify();
        AuditVerification alone = AuditArchiveVerifier.Verify(file, [journal.PublicKey]);

        Assert.Equal((1L, journal.CheckpointSequence, journal.CheckpointSequence), (archived.Anchor.FirstSequence, archived.Anchor.LastSequence, archived.Records));
        Assert.Equal(journal.CheckpointSequence, archived.RemovedRecords);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), Convert.ToHexStringLower(archived.Anchor.FileSha256));
        Assert.True(store.IsIntact, string.Join("; ", store.Breaks));
        Assert.Equal(journal.LastSequence - journal.CheckpointSequence + 1, store.RecordsChecked);
        Assert.Contains(store.Notes, n => n.StartsWith($"node node-1: records 1..{journal.CheckpointSequence} archived to first.jsonl (sha256 {Convert.ToHexStringLower(archived.Anchor.FileSha256)})", StringComparison.Ordinal));
        Assert.True(alone.IsIntact, string.Join("; ", alone.Breaks));
        Assert.Equal(journal.CheckpointSequence, alone.RecordsChecked);
        Assert.False(File.Exists(file + ".partial"));

        using SqliteAuditReader reader = SqliteAuditReader.Open(journal.DatabasePath);
        AuditRecord record = AuditRecordCodec.Decode(reader.ReadRecords(JournalFixture.Node, 1, null).Last().Encoded).Record;
        Assert.Empty(reader.ReadRecords(JournalFixture.Node, 1, journal.CheckpointSequence));
        Assert.Equal(("ArchiveAudit", AuditSource.Administrator, "tester"), (record.Operation, record.Source, record.Principal));
        Assert.Equal($"records 1..{journal.CheckpointSequence} of node node-1 archived to first.jsonl (sha256 {Convert.ToHexStringLower(archived.Anchor.FileSha256)})", record.Message);
    }

    [Fact]
    public async Task An_archive_file_never_changes_format()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(5, unsignedTail: 0);
        string file = Path.Combine(journal.Directory, "pinned.jsonl");

        await ArchiveAsync(journal, file, through: 5);
        string[] lines = File.ReadAllLines(file);

        // STABLE FORMAT: if this fails, archives already kept can no longer be read; add a version instead.
        Assert.Equal(1 + 1 + 1 + 5 + 1, lines.Length);
        Assert.Matches("""^\{"format":"clavis-audit-archive","version":1,"node":"node-1","firstSequence":1,"lastSequence":5,"headHash":"[0-9a-f]{64}","createdAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"\}$""", lines[0]);
        Assert.Matches("""^\{"key":\{"keyId":"[^"]+","node":"node-1","createdAt":"[^"]+","publicKey":"[A-Za-z0-9+/=]+"\}\}$""", lines[1]);
        Assert.Matches("""^\{"checkpoint":\{"node":"node-1","sequence":5,"headHash":"[0-9a-f]{64}","time":"[^"]+","keyId":"[^"]+","signature":"[0-9a-f]{128}"\}\}$""", lines[2]);
        Assert.Matches("""^\{"record":\{"sequence":1,"hash":"[0-9a-f]{64}","bytes":"[A-Za-z0-9+/=]+"\}\}$""", lines[3]);
        Assert.Equal("""{"end":{"records":5}}""", lines[^1]);
    }

    [Fact]
    public async Task A_record_changed_in_the_archive_file_is_a_hash_mismatch_at_its_sequence()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string file = Path.Combine(journal.Directory, "a.jsonl");
        await ArchiveAsync(journal, file, through: journal.CheckpointSequence);
        EditRecordLine(file, 700, record =>
        {
            byte[] bytes = Convert.FromBase64String(record["bytes"]!.GetValue<string>());
            int at = bytes.AsSpan().IndexOf("user-"u8);
            bytes[at + 5] ^= 1;
            record["bytes"] = Convert.ToBase64String(bytes);
        });

        AuditBreak broken = Assert.Single(AuditArchiveVerifier.Verify(file, [journal.PublicKey]).Breaks);

        Assert.Equal((AuditBreakKind.ChangedRecord, 700L), (broken.Kind, broken.Sequence));
        Assert.Contains("hash mismatch at sequence 700", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_line_removed_from_the_archive_file_is_a_gap()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string file = Path.Combine(journal.Directory, "a.jsonl");
        await ArchiveAsync(journal, file, through: journal.CheckpointSequence);
        File.WriteAllLines(file, File.ReadAllLines(file).Where(l => !l.StartsWith("""{"record":{"sequence":321,""", StringComparison.Ordinal)));

        AuditBreak broken = Assert.Single(AuditArchiveVerifier.Verify(file, [journal.PublicKey]).Breaks);

        Assert.Equal((AuditBreakKind.RemovedRecord, 321L), (broken.Kind, broken.Sequence));
        Assert.Contains("record 321 is missing (the chain goes from 320 to 322): it was removed", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_file_cut_short_or_with_a_damaged_line_says_so()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string file = Path.Combine(journal.Directory, "a.jsonl");
        await ArchiveAsync(journal, file, through: journal.CheckpointSequence);
        string[] lines = File.ReadAllLines(file);
        string cut = Path.Combine(journal.Directory, "cut.jsonl");
        File.WriteAllLines(cut, lines[..^11]);
        string damaged = Path.Combine(journal.Directory, "damaged.jsonl");
        File.WriteAllLines(damaged, [.. lines[..10], lines[10][..40], .. lines[11..]]);

        AuditBreak truncated = Assert.Single(AuditArchiveVerifier.Verify(cut, [journal.PublicKey]).Breaks);
        AuditBreak unreadable = Assert.Single(AuditArchiveVerifier.Verify(damaged, [journal.PublicKey]).Breaks);

        Assert.Equal((AuditBreakKind.TruncatedTail, journal.CheckpointSequence - 9), (truncated.Kind, truncated.Sequence));
        Assert.Contains($"covers records up to {journal.CheckpointSequence}", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(AuditBreakKind.UnreadableRecord, unreadable.Kind);
        Assert.Contains("line 11 is not an archive line", unreadable.Message, StringComparison.Ordinal);
        FormatException notAnArchive = Assert.Throws<FormatException>(() => AuditArchiveVerifier.Verify(journal.CopyPath, [journal.PublicKey]));
        Assert.Contains("is not a Clavis audit archive", notAnArchive.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_and_rehashed_archive_does_not_match_its_signed_checkpoint()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(400, unsignedTail: 0);
        string file = Path.Combine(journal.Directory, "a.jsonl");
        await ArchiveAsync(journal, file, through: 400);
        byte[] previous = new byte[32];
        var lines = File.ReadAllLines(file).ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("""{"record":""", StringComparison.Ordinal))
            {
                continue;
            }

            JsonNode line = JsonNode.Parse(lines[i])!;
            long sequence = line["record"]!["sequence"]!.GetValue<long>();
            AuditRecord fields = AuditRecordCodec.Decode(Convert.FromBase64String(line["record"]!["bytes"]!.GetValue<string>())).Record;
            if (sequence == 50)
            {
                fields = fields with { Principal = "mallory" };
            }

            (byte[] encoded, byte[] hash) = AuditRecordCodec.Link(JournalFixture.Node, sequence, previous, AuditRecordCodec.EncodeBody(fields));
            line["record"]!["bytes"] = Convert.ToBase64String(encoded);
            line["record"]!["hash"] = Convert.ToHexStringLower(hash);
            lines[i] = line.ToJsonString();
            previous = hash;
        }

        File.WriteAllLines(file, lines);

        AuditBreak broken = Assert.Single(AuditArchiveVerifier.Verify(file, [journal.PublicKey]).Breaks);

        Assert.Equal((AuditBreakKind.BadCheckpoint, 400L), (broken.Kind, broken.Sequence));
        Assert.Contains("the records up to 400 were rewritten", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_removed_without_an_anchor_are_still_a_gap()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        journal.Execute("DELETE FROM audit_records WHERE sequence <= 100");
        AuditBreak unarchived = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.RemovedRecord, 1L), (unarchived.Kind, unarchived.Sequence));
        Assert.Contains("records 1..100 are missing", unarchived.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_removed_after_an_archive_anchor_are_still_a_gap()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        long middle = await journal.AppendAndCheckpointAsync(50);
        await ArchiveAsync(journal, Path.Combine(journal.Directory, "a.jsonl"), through: journal.CheckpointSequence);
        journal.Execute("DELETE FROM audit_records WHERE sequence <= $s", ("$s", journal.CheckpointSequence + 20));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.True(middle > journal.CheckpointSequence + 20);
        Assert.Equal((AuditBreakKind.RemovedRecord, journal.CheckpointSequence + 1), (broken.Kind, broken.Sequence));
        Assert.Contains($"records {journal.CheckpointSequence + 1}..{journal.CheckpointSequence + 20} are missing", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anchor_planted_where_records_were_removed_is_not_confirmed_by_the_chain()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        (_, byte[] hash) = journal.Read(journal.CheckpointSequence);
        journal.Execute("DELETE FROM audit_records WHERE sequence <= $s", ("$s", journal.CheckpointSequence));
        journal.Execute(
            "INSERT INTO audit_archives (node_id, first_sequence, last_sequence, last_hash, file_name, file_sha256, created_at) VALUES ($n, 1, $s, $h, 'lost.jsonl', $sha, 0)",
            ("$n", JournalFixture.Node), ("$s", journal.CheckpointSequence), ("$h", hash), ("$sha", new byte[32]));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.RemovedRecord, 1L), (broken.Kind, broken.Sequence));
        Assert.Contains($"records 1..{journal.CheckpointSequence} are gone, and no ArchiveAudit record in the chain confirms the archive anchor that names lost.jsonl", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_archive_continues_from_the_first_anchor_and_each_file_verifies_alone()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string first = Path.Combine(journal.Directory, "first.jsonl");
        string second = Path.Combine(journal.Directory, "second.jsonl");
        AuditArchiveResult one = await ArchiveAsync(journal, first, through: journal.CheckpointSequence);
        long next = await journal.AppendAndCheckpointAsync(200);

        AuditArchiveResult two = await ArchiveAsync(journal, second, through: next);
        AuditVerification store = journal.Verify();
        AuditVerification secondAlone = AuditArchiveVerifier.Verify(second, [journal.PublicKey]);
        using AuditArchiveReader reader = AuditArchiveReader.Open(second);

        Assert.Equal((journal.CheckpointSequence + 1, next), (two.Anchor.FirstSequence, two.Anchor.LastSequence));
        Assert.Equal(one.Anchor.FileSha256, reader.Header.PreviousArchive!.FileSha256);
        Assert.True(secondAlone.IsIntact, string.Join("; ", secondAlone.Breaks));
        Assert.Equal(next - journal.CheckpointSequence, secondAlone.RecordsChecked);
        Assert.Contains(secondAlone.Notes, n => n.Contains($"records 1..{journal.CheckpointSequence} archived to first.jsonl", StringComparison.Ordinal));
        Assert.True(AuditArchiveVerifier.Verify(first, [journal.PublicKey]).IsIntact);
        Assert.True(store.IsIntact, string.Join("; ", store.Breaks));
        Assert.Equal(2, store.Notes.Count(n => n.Contains(" archived to ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_range_spanning_the_archive_boundary_verifies_what_is_stored_and_says_what_is_archived()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        await ArchiveAsync(journal, Path.Combine(journal.Directory, "a.jsonl"), through: journal.CheckpointSequence);

        AuditVerification spanning = journal.Verify(new AuditVerifierOptions { FromSequence = 10, ToSequence = journal.CheckpointSequence + 5, TrustedPublicKeys = [journal.PublicKey] });
        AuditVerification archivedOnly = journal.Verify(new AuditVerifierOptions { FromSequence = 10, ToSequence = 20, TrustedPublicKeys = [journal.PublicKey] });

        Assert.True(spanning.IsIntact, string.Join("; ", spanning.Breaks));
        Assert.Equal(5, spanning.RecordsChecked);
        Assert.Contains(spanning.Notes, n => n.Contains($"records 10..{journal.CheckpointSequence} of the range asked for are archived", StringComparison.Ordinal));
        Assert.True(archivedOnly.IsIntact, string.Join("; ", archivedOnly.Breaks));
        Assert.Equal(0, archivedOnly.RecordsChecked);
        Assert.Contains(archivedOnly.Notes, n => n.Contains("records 10..20 of the range asked for are archived", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_to_archive_an_existing_file_and_a_broken_range_are_refused_and_nothing_is_removed()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        string file = Path.Combine(journal.Directory, "a.jsonl");

        AuditArchiveException nothing = await Assert.ThrowsAsync<AuditArchiveException>(() => ArchiveAsync(journal, file, through: journal.CheckpointSequence - 1));
        File.WriteAllText(file, "");
        AuditArchiveException exists = await Assert.ThrowsAsync<AuditArchiveException>(() => ArchiveAsync(journal, file, through: journal.CheckpointSequence));
        journal.Execute("UPDATE audit_records SET record = $r WHERE sequence = 50", ("$r", Flip(journal.Read(50).Record)));
        string other = Path.Combine(journal.Directory, "b.jsonl");
        AuditArchiveException broken = await Assert.ThrowsAsync<AuditArchiveException>(() => ArchiveAsync(journal, other, through: journal.CheckpointSequence));

        Assert.Contains("nothing to archive in node node-1's chain: no checkpoint from record 1 on is at or before record", nothing.Message, StringComparison.Ordinal);
        Assert.Contains("exists: archives are never overwritten", exists.Message, StringComparison.Ordinal);
        Assert.Contains($"records 1..{journal.CheckpointSequence} of node node-1 do not verify, so nothing was archived: (ChangedRecord) hash mismatch at sequence 50", broken.Message, StringComparison.Ordinal);
        Assert.False(broken.Verification!.IsIntact);
        Assert.False(File.Exists(other));
        Assert.False(File.Exists(other + ".partial"));
        using SqliteAuditReader reader = SqliteAuditReader.Open(journal.DatabasePath);
        Assert.Equal(journal.LastSequence, reader.ReadRecords(JournalFixture.Node, 1, null).Count());
        Assert.Empty(reader.ReadArchives(JournalFixture.Node));
    }

    [Fact]
    public async Task Rows_left_by_an_interrupted_archive_are_ignored_by_the_verifier_and_removed_by_the_next_archive()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        string file = Path.Combine(journal.Directory, "a.jsonl");
        AuditArchiveResult written;
        await using (SqliteObjectStore store = journal.OpenStore())
        {
            // The steps of an archive up to the anchor, as a crash before any removal leaves them.
            using (SqliteAuditReader reader = SqliteAuditReader.Open(journal.DatabasePath))
            {
                written = AuditArchiver.Write(reader, Request(journal, file, journal.CheckpointSequence), DateTimeOffset.UtcNow);
            }

            await store.SaveArchiveAsync(written.Anchor, [Record(written.Anchor)], CancellationToken.None);
        }

        AuditVerification interrupted = journal.Verify();
        long next = await journal.AppendAndCheckpointAsync(20);
        AuditArchiveResult resumed = await ArchiveAsync(journal, Path.Combine(journal.Directory, "b.jsonl"), through: next);

        Assert.True(interrupted.IsIntact, string.Join("; ", interrupted.Breaks));
        Assert.Contains(interrupted.Notes, n => n.Contains($"some records up to {journal.CheckpointSequence} are archived but still in the store", StringComparison.Ordinal));
        Assert.Equal(next, resumed.RemovedRecords);
        Assert.True(journal.Verify().IsIntact);
    }

    [Fact]
    public async Task A_store_whose_every_record_up_to_its_head_was_archived_continues_the_chain_from_the_anchor()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(100, unsignedTail: 0);
        (_, byte[] head) = journal.Read(100);
        await using (SqliteObjectStore store = journal.OpenStore())
        {
            await store.SaveArchiveAsync(new AuditArchiveAnchor(JournalFixture.Node, 1, 100, head, "all.jsonl", new byte[32], DateTimeOffset.UtcNow), [], CancellationToken.None);
            Assert.Equal(100, await store.RemoveArchivedRecordsAsync(JournalFixture.Node, long.MaxValue, 1000, CancellationToken.None));
        }

        // A new writer reads the head from the database, as after a restart.
        await using (SqliteObjectStore reopened = journal.OpenStore())
        {
            Assert.Equal(100, (await reopened.GetHeadAsync(JournalFixture.Node, CancellationToken.None))!.Sequence);
            await reopened.AppendAsync([JournalFixture.Record(1, "Get", null)], CancellationToken.None);
        }

        AuditEntry next = AuditRecordCodec.Decode(journal.Read(101).Record);
        Assert.Equal(head, next.PreviousHash);
    }

    private static Task<AuditArchiveResult> ArchiveAsync(JournalFixture journal, string file, long through)
    {
        return Run();

        async Task<AuditArchiveResult> Run()
        {
            await using SqliteObjectStore store = journal.OpenStore();
            return await AuditArchiver.ArchiveAsync(store, () => SqliteAuditReader.Open(journal.DatabasePath), Request(journal, file, through), Record, SystemClock.Instance, CancellationToken.None);
        }
    }

    private static AuditArchiveRequest Request(JournalFixture journal, string file, long through) =>
        new() { NodeId = JournalFixture.Node, ThroughSequence = through, OutputPath = file, TrustedPublicKeys = [journal.PublicKey] };

    private static AuditRecord Record(AuditArchiveAnchor anchor) => new()
    {
        Time = DateTimeOffset.UtcNow,
        NodeId = anchor.NodeId,
        Source = AuditSource.Administrator,
        Operation = AuditArchiver.Operation,
        Principal = "tester",
        ResultStatus = "Success",
        Message = AuditArchiver.Describe(anchor),
    };

    private static byte[] Flip(byte[] record)
    {
        int at = record.AsSpan().IndexOf("user-"u8);
        record[at + 5] ^= 1;
        return record;
    }

    private static void EditRecordLine(string file, long sequence, Action<JsonNode> edit)
    {
        string prefix = $$"""{"record":{"sequence":{{sequence}},""";
        string[] lines = File.ReadAllLines(file);
        int index = Array.FindIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        JsonNode line = JsonNode.Parse(lines[index])!;
        edit(line["record"]!);
        lines[index] = line.ToJsonString();
        File.WriteAllLines(file, lines, new UTF8Encoding(false));
    }
}
