using System.Security.Cryptography;
using Clavis.Core.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Audit.Tests;

/// <summary>The copy of the checkpoints kept outside the database, and what comparing with it catches.</summary>
public sealed class AuditCheckpointCopyTests
{
    [Fact]
    public void A_checkpoint_line_never_changes_and_reads_back_exactly()
    {
        // STABLE FORMAT: copies and archives outlive the server that wrote them. If this fails, a reader of
        // existing files breaks: add a new field instead of changing one.
        var checkpoint = new AuditCheckpoint("node-1", 42, [.. Enumerable.Range(0, 32).Select(i => (byte)i)],
            AuditRecordCodec.FromMicroseconds(1_767_225_600_123_456), "key-1", [0xAB, 0xCD]);

        string line = AuditCheckpointJson.ToLine(checkpoint);
        AuditCheckpoint read = AuditCheckpointJson.ReadLine(line);

        Assert.Equal(
            """{"node":"node-1","sequence":42,"headHash":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","time":"2026-01-01T00:00:00.123456Z","keyId":"key-1","signature":"abcd"}""",
            line);
        Assert.Equal(checkpoint.SignedBytes(), read.SignedBytes());
        Assert.Equal(checkpoint.Signature, read.Signature);
    }

    [Fact]
    public async Task The_signer_copies_each_checkpoint_and_an_intact_journal_matches_its_copy()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);

        AuditCheckpointCopyContents copy = AuditCheckpointCopy.Read(journal.CopyPath);
        AuditVerification result = journal.Verify(WithCopies(journal, copy));

        Assert.Equal(journal.CheckpointSequence, Assert.Single(copy.Checkpoints).Sequence);
        Assert.True(result.IsIntact, string.Join("; ", result.Breaks));
        Assert.Equal(1, result.CheckpointCopiesChecked);
    }

    [Fact]
    public async Task Removing_the_tail_and_every_checkpoint_after_it_is_caught_only_by_the_copy()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        long keep = journal.CheckpointSequence - 20;
        journal.Execute("DELETE FROM audit_records WHERE sequence > $s", ("$s", keep));
        journal.Execute("DELETE FROM audit_checkpoints");

        AuditVerification alone = journal.Verify();
        AuditBreak broken = Assert.Single(journal.Verify(WithCopies(journal, AuditCheckpointCopy.Read(journal.CopyPath))).Breaks);

        Assert.True(alone.IsIntact);
        Assert.Equal((AuditBreakKind.TruncatedTail, keep + 1), (broken.Kind, broken.Sequence));
        Assert.Contains($"the checkpoint copy kept outside the database, signed at", broken.Message, StringComparison.Ordinal);
        Assert.Contains($"covers records up to {journal.CheckpointSequence}", broken.Message, StringComparison.Ordinal);
        Assert.Contains($"but the chain ends at {keep}: 20 record(s) were removed from the end, and the checkpoints that signed them from the database", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_removed_from_the_database_but_named_by_the_copy_is_a_bad_checkpoint()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        journal.Execute("DELETE FROM audit_checkpoints");

        AuditBreak broken = Assert.Single(journal.Verify(WithCopies(journal, AuditCheckpointCopy.Read(journal.CopyPath))).Breaks);

        Assert.Equal((AuditBreakKind.BadCheckpoint, journal.CheckpointSequence), (broken.Kind, broken.Sequence));
        Assert.Contains($"for records up to {journal.CheckpointSequence}, kept in the checkpoint copy, is missing from the database: it was removed", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_copy_does_not_verify()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        AuditCheckpoint copied = Assert.Single(AuditCheckpointCopy.Read(journal.CopyPath).Checkpoints);
        AuditCheckpoint edited = copied with { Sequence = copied.Sequence + 5 };

        AuditBreak broken = Assert.Single(journal.Verify(new AuditVerifierOptions { TrustedPublicKeys = [journal.PublicKey], CheckpointCopies = [edited] }).Breaks);

        Assert.Equal(AuditBreakKind.BadCheckpoint, broken.Kind);
        Assert.Contains("the signature of the copy of the checkpoint made at", broken.Message, StringComparison.Ordinal);
        Assert.Contains("does not verify", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_last_line_is_left_out_with_a_note_and_cut_off_by_the_next_append()
    {
        string directory = Directory.CreateTempSubdirectory("clavis-copy-").FullName;
        try
        {
            string path = Path.Combine(directory, "nested", "copy.jsonl");
            var copy = new AuditCheckpointCopy(path, NullLogger<AuditCheckpointCopy>.Instance);
            Assert.True(copy.TryAppend(Checkpoint(1)));
            File.AppendAllText(path, """{"node":"node-1","seq""");

            AuditCheckpointCopyContents torn = AuditCheckpointCopy.Read(path);
            Assert.True(copy.TryAppend(Checkpoint(2)));
            AuditCheckpointCopyContents mended = AuditCheckpointCopy.Read(path);

            Assert.Equal([1L], torn.Checkpoints.Select(c => c.Sequence));
            Assert.Contains("is incomplete (a write cut short by a crash) and was left out", torn.Note, StringComparison.Ordinal);
            Assert.Equal([1L, 2L], mended.Checkpoints.Select(c => c.Sequence));
            Assert.Null(mended.Note);
            File.AppendAllText(path, "not json\n");
            File.AppendAllText(path, AuditCheckpointJson.ToLine(Checkpoint(3)) + "\n");
            FormatException damaged = Assert.Throws<FormatException>(() => AuditCheckpointCopy.Read(path));
            Assert.Contains("line 3 is not a checkpoint", damaged.Message, StringComparison.Ordinal);
            Assert.Equal(0, copy.Failures);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_copy_that_cannot_be_written_is_counted_and_reported_not_thrown()
    {
        string directory = Directory.CreateTempSubdirectory("clavis-copy-").FullName;
        try
        {
            // A regular file where the copy's folder should be.
            string blocker = Path.Combine(directory, "not-a-folder");
            File.WriteAllText(blocker, "");
            var copy = new AuditCheckpointCopy(Path.Combine(blocker, "copy.jsonl"), NullLogger<AuditCheckpointCopy>.Instance);

            bool first = copy.TryAppend(Checkpoint(1));
            bool second = copy.TryAppend(Checkpoint(2));

            Assert.False(first || second);
            Assert.Equal(2, copy.Failures);
            Assert.NotNull(copy.LastFailure);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static AuditVerifierOptions WithCopies(JournalFixture journal, AuditCheckpointCopyContents copy) =>
        new() { TrustedPublicKeys = [journal.PublicKey], CheckpointCopies = copy.Checkpoints };

    private static AuditCheckpoint Checkpoint(long sequence) =>
        new("node-1", sequence, RandomNumberGenerator.GetBytes(32), DateTimeOffset.UnixEpoch, "key-1", [1, 2, 3]);
}
