using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Audit;

namespace Clavis.Audit.Tests;

/// <summary>
/// Each test writes a real journal, edits the SQLite file directly as an attacker with write access would, and
/// checks that the verifier fails with the break that edit makes, at the right place.
/// </summary>
public sealed class JournalTamperTests
{
    private const int Records = 3000;

    [Fact]
    public async Task An_untouched_journal_of_thousands_of_concurrent_operations_verifies()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);

        AuditVerification result = journal.Verify();

        Assert.True(result.IsIntact, string.Join("; ", result.Breaks));
        Assert.Equal(Records + 10, result.RecordsChecked);
        Assert.Equal(1, result.CheckpointsChecked);
        Assert.Equal((JournalFixture.Node, journal.LastSequence, (long?)journal.CheckpointSequence), Assert.Single(result.Chains));
        Assert.Contains(result.Notes, n => n.Contains("not yet covered by a signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_field_is_a_hash_mismatch_at_its_sequence()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        (byte[] record, _) = journal.Read(100);
        byte[] principal = Encoding.UTF8.GetBytes(AuditRecordCodec.Decode(record).Record.Principal!);
        int at = record.AsSpan().IndexOf(principal);
        record[at + principal.Length - 1] ^= 1;
        journal.Execute("UPDATE audit_records SET record = $r WHERE sequence = 100", ("$r", record));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.ChangedRecord, 100L), (broken.Kind, broken.Sequence));
        Assert.Contains("hash mismatch at sequence 100", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_query_column_is_caught_against_the_hashed_record()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        journal.Execute("UPDATE audit_records SET principal = 'mallory' WHERE sequence = 250");

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.ChangedRecord, 250L), (broken.Kind, broken.Sequence));
        Assert.Contains("column principal says 'mallory'", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_row_is_a_gap()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        journal.Execute("DELETE FROM audit_records WHERE sequence = 1234");

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.RemovedRecord, 1234L), (broken.Kind, broken.Sequence));
        Assert.Contains("record 1234 is missing", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_row_inserted_with_a_correct_link_breaks_the_next_one()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        (_, byte[] previous) = journal.Read(500);
        // The attacker knows the format: the forged row links to 500 and hashes correctly at 501.
        AuditRecord planted = JournalFixture.Record(9999, "Destroy", "planted");
        (byte[] forged, byte[] hash) = AuditRecordCodec.Link(JournalFixture.Node, 501, previous, AuditRecordCodec.EncodeBody(planted));
        journal.Execute("UPDATE audit_records SET sequence = -(sequence + 1) WHERE sequence > 500");
        journal.Execute("UPDATE audit_records SET sequence = -sequence WHERE sequence < 0");
        journal.Execute(
            "INSERT INTO audit_records (node_id, sequence, hash, record, time, principal, operation, object_id, result_status) VALUES ($n, 501, $h, $r, $t, $p, 'Destroy', 'planted', $s)",
            ("$n", JournalFixture.Node), ("$h", hash), ("$r", forged), ("$t", AuditRecordCodec.ToMicroseconds(planted.Time)), ("$p", planted.Principal!), ("$s", planted.ResultStatus));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.InsertedRecord, 502L), (broken.Kind, broken.Sequence));
        Assert.Contains("sequence 502 holds the record hashed as sequence 501: 1 record(s) were inserted before it", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_swapped_rows_are_reported_as_reordered()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        journal.Execute("UPDATE audit_records SET sequence = -1 WHERE sequence = 700");
        journal.Execute("UPDATE audit_records SET sequence = 700 WHERE sequence = 701");
        journal.Execute("UPDATE audit_records SET sequence = 701 WHERE sequence = -1");

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.ReorderedRecords, 700L), (broken.Kind, broken.Sequence));
        Assert.Contains("records 700 and 701 were swapped", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tail_cut_below_the_last_checkpoint_is_caught_by_the_checkpoint()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(Records);
        long keep = journal.CheckpointSequence - 5;
        journal.Execute("DELETE FROM audit_records WHERE sequence > $s", ("$s", keep));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.TruncatedTail, keep + 1), (broken.Kind, broken.Sequence));
        Assert.Contains($"covers records up to {journal.CheckpointSequence}", broken.Message, StringComparison.Ordinal);
        Assert.Contains($"the chain ends at {keep}: 5 record(s) were removed from the end", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_and_rehashed_chain_does_not_match_the_signed_head()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(500);
        // Without the signing key, the attacker can only recompute the chain itself from the changed record on.
        (_, byte[] previous) = journal.Read(99);
        for (long sequence = 100; sequence <= journal.LastSequence; sequence++)
        {
            (byte[] record, _) = journal.Read(sequence);
            AuditRecord fields = AuditRecordCodec.Decode(record).Record;
            if (sequence == 100)
            {
                fields = fields with { ResultStatus = fields.ResultStatus == "Success" ? "OperationFailed" : "Success" };
                journal.Execute("UPDATE audit_records SET result_status = $s WHERE sequence = 100", ("$s", fields.ResultStatus));
            }

            (byte[] encoded, byte[] hash) = AuditRecordCodec.Link(JournalFixture.Node, sequence, previous, AuditRecordCodec.EncodeBody(fields));
            journal.Execute("UPDATE audit_records SET record = $r, hash = $h WHERE sequence = $s", ("$r", encoded), ("$h", hash), ("$s", sequence));
            previous = hash;
        }

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.BadCheckpoint, journal.CheckpointSequence), (broken.Kind, broken.Sequence));
        Assert.Contains($"the records up to {journal.CheckpointSequence} were rewritten", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_checkpoint_signature_does_not_verify()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(200);
        journal.Execute("UPDATE audit_checkpoints SET sequence = sequence - 1");

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal(AuditBreakKind.BadCheckpoint, broken.Kind);
        Assert.Contains("does not verify", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_re_signed_with_a_replaced_key_fail_against_the_trusted_key()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(200);
        journal.Execute("DELETE FROM audit_records WHERE sequence > 150");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (_, byte[] head) = journal.Read(150);
        var forged = new AuditCheckpoint(JournalFixture.Node, 150, head, DateTimeOffset.UtcNow, "forged-key", []);
        byte[] signature = forger.SignData(forged.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        journal.Execute("DELETE FROM audit_checkpoints");
        journal.Execute("UPDATE audit_signing_keys SET id = 'forged-key', public_key = $k", ("$k", forger.ExportSubjectPublicKeyInfo()));
        journal.Execute(
            "INSERT INTO audit_checkpoints (node_id, sequence, head_hash, created_at, key_id, signature) VALUES ($n, 150, $h, $t, 'forged-key', $s)",
            ("$n", JournalFixture.Node), ("$h", head), ("$t", AuditRecordCodec.ToMicroseconds(forged.Time)), ("$s", signature));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);
        AuditVerification unanchored = journal.Verify(new AuditVerifierOptions());

        Assert.Equal(AuditBreakKind.BadCheckpoint, broken.Kind);
        Assert.Contains("which is not a trusted key", broken.Message, StringComparison.Ordinal);
        // Without a trust anchor the forgery is consistent; the verifier says what it could not check.
        Assert.True(unanchored.IsIntact);
        Assert.Contains(unanchored.Notes, n => n.Contains("no trusted public key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_range_verifies_from_the_record_before_it()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(400);
        journal.Execute("UPDATE audit_records SET operation = 'Destroy' WHERE sequence = 300");

        AuditVerification early = journal.Verify(new AuditVerifierOptions { FromSequence = 50, ToSequence = 299, TrustedPublicKeys = [journal.PublicKey] });
        AuditVerification late = journal.Verify(new AuditVerifierOptions { FromSequence = 250, TrustedPublicKeys = [journal.PublicKey] });

        Assert.True(early.IsIntact, string.Join("; ", early.Breaks));
        Assert.Equal(250, early.RecordsChecked);
        Assert.Equal(300, Assert.Single(late.Breaks).Sequence);
    }
}
