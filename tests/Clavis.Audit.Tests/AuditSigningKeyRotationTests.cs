using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;

namespace Clavis.Audit.Tests;

/// <summary>Rotating a node's checkpoint signing key: a verifier that trusts only the first key follows the hand-overs, and forgeries around them fail.</summary>
public sealed class AuditSigningKeyRotationTests
{
    [Fact]
    public async Task After_two_rotations_the_journal_verifies_trusting_only_the_original_key()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(500);
        AuditKeyHandover first = await journal.RotateAsync();
        await journal.AppendAndCheckpointAsync(20);
        AuditKeyHandover second = await journal.RotateAsync();
        await journal.AppendAndCheckpointAsync(20);

        AuditVerification original = journal.Verify();
        AuditVerification unanchored = journal.Verify(new AuditVerifierOptions());
        using SqliteAuditReader reader = SqliteAuditReader.Open(journal.DatabasePath);
        byte[] newest = reader.ReadPublicKeys().Single(k => k.KeyId == second.NewKeyId).PublicKey;
        AuditVerification onlyNewest = journal.Verify(new AuditVerifierOptions { TrustedPublicKeys = [newest] });

        Assert.Equal(first.NewKeyId, second.OldKeyId);
        Assert.True(original.IsIntact, string.Join("; ", original.Breaks));
        Assert.True(original.CheckpointsChecked >= 5, $"{original.CheckpointsChecked} checkpoints");
        Assert.True(unanchored.IsIntact, string.Join("; ", unanchored.Breaks));
        // Trust runs forward only: the newest key vouches for nothing its predecessors signed.
        Assert.Contains("which is not a trusted key, nor handed over to by one", Assert.Single(onlyNewest.Breaks).Message, StringComparison.Ordinal);
        AuditRecord rotation = reader.ReadRecords(JournalFixture.Node, 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record).First(r => r.Operation == "RotateAuditSigningKey");
        Assert.Equal($"audit signing key {first.OldKeyId} handed over to {first.NewKeyId}", rotation.Message);
    }

    [Fact]
    public async Task A_forged_hand_over_to_an_attackers_key_does_not_verify()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        (_, byte[] head) = journal.Read(journal.LastSequence);
        string original = Scalar(journal, "SELECT id FROM audit_signing_keys");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] forgedPublic = forger.ExportSubjectPublicKeyInfo();
        DateTimeOffset at = AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(DateTimeOffset.UtcNow));
        // Without the original private key the attacker can only sign the hand-over with a key of its own.
        byte[] handoverSignature = forger.SignData(AuditKeyHandover.SignedBytes(JournalFixture.Node, original, "forged-key", forgedPublic, at), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var checkpoint = new AuditCheckpoint(JournalFixture.Node, journal.LastSequence, head, at.AddSeconds(1), "forged-key", []);
        byte[] checkpointSignature = forger.SignData(checkpoint.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        journal.Execute("INSERT INTO audit_signing_keys SELECT 'forged-key', node_id, created_at + 1, $k, private_data_key_id, private_nonce, private_ciphertext FROM audit_signing_keys", ("$k", forgedPublic));
        journal.Execute("INSERT INTO audit_key_handovers (node_id, old_key_id, new_key_id, new_public_key, created_at, signature) VALUES ($n, $o, 'forged-key', $k, $t, $s)",
            ("$n", JournalFixture.Node), ("$o", original), ("$k", forgedPublic), ("$t", AuditRecordCodec.ToMicroseconds(at)), ("$s", handoverSignature));
        journal.Execute("INSERT INTO audit_checkpoints (node_id, sequence, head_hash, created_at, key_id, signature) VALUES ($n, $q, $h, $t, 'forged-key', $s)",
            ("$n", JournalFixture.Node), ("$q", journal.LastSequence), ("$h", head), ("$t", AuditRecordCodec.ToMicroseconds(checkpoint.Time)), ("$s", checkpointSignature));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.BadCheckpoint, journal.LastSequence), (broken.Kind, broken.Sequence));
        Assert.Contains($"the hand-over of node node-1's signing key from {original} to forged-key made at", broken.Message, StringComparison.Ordinal);
        Assert.Contains($"does not verify with {original}'s key: it was forged or altered", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successor_key_replaced_after_its_hand_over_does_not_verify()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(200);
        AuditKeyHandover handover = await journal.RotateAsync();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        journal.Execute("UPDATE audit_signing_keys SET public_key = $k WHERE id = $id", ("$k", forger.ExportSubjectPublicKeyInfo()), ("$id", handover.NewKeyId));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal(AuditBreakKind.BadCheckpoint, broken.Kind);
        Assert.Contains($"signing key {handover.NewKeyId}'s stored public key is not the one {handover.OldKeyId} handed over to", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_key_signs_nothing_dated_after_its_hand_over()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(200);
        AuditKeyHandover handover = await journal.RotateAsync();
        await journal.AppendAndCheckpointAsync(5);
        using ECDsa retired = await journal.UnsealSigningKeyAsync(handover.OldKeyId);
        long last = long.Parse(Scalar(journal, "SELECT max(sequence) FROM audit_records"), System.Globalization.CultureInfo.InvariantCulture);
        (_, byte[] head) = journal.Read(last);
        var late = new AuditCheckpoint(JournalFixture.Node, last, head, AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(DateTimeOffset.UtcNow.AddMinutes(1))), handover.OldKeyId, []);
        byte[] signature = retired.SignData(late.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        journal.Execute("INSERT INTO audit_checkpoints (node_id, sequence, head_hash, created_at, key_id, signature) VALUES ($n, $q, $h, $t, $k, $s)",
            ("$n", JournalFixture.Node), ("$q", last), ("$h", head), ("$t", AuditRecordCodec.ToMicroseconds(late.Time)), ("$k", handover.OldKeyId), ("$s", signature));

        AuditBreak broken = Assert.Single(journal.Verify().Breaks);

        Assert.Equal((AuditBreakKind.BadCheckpoint, last), (broken.Kind, broken.Sequence));
        Assert.Contains($"is signed by key {handover.OldKeyId}, which handed over to {handover.NewKeyId} at", broken.Message, StringComparison.Ordinal);
        Assert.Contains("a retired key signs nothing after its hand-over", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_made_after_a_rotation_carries_the_hand_over_and_verifies_alone_with_the_original_key()
    {
        using JournalFixture journal = await JournalFixture.BuildAsync(300);
        await journal.RotateAsync();
        long signed = await journal.AppendAndCheckpointAsync(10);
        string file = Path.Combine(journal.Directory, "rotated.jsonl");
        await using (SqliteObjectStore store = journal.OpenStore())
        {
            await AuditArchiver.ArchiveAsync(store, () => SqliteAuditReader.Open(journal.DatabasePath),
                new AuditArchiveRequest { NodeId = JournalFixture.Node, ThroughSequence = signed, OutputPath = file, TrustedPublicKeys = [journal.PublicKey] },
                anchor => new AuditRecord { Time = DateTimeOffset.UtcNow, NodeId = anchor.NodeId, Source = AuditSource.Administrator, Operation = AuditArchiver.Operation, ResultStatus = "Success", Message = AuditArchiver.Describe(anchor) },
                SystemClock.Instance, CancellationToken.None);
        }

        AuditVerification alone = AuditArchiveVerifier.Verify(file, [journal.PublicKey]);

        Assert.Single(File.ReadAllLines(file), l => l.StartsWith("{\"handover\":", StringComparison.Ordinal));
        Assert.True(alone.IsIntact, string.Join("; ", alone.Breaks));
        Assert.True(journal.Verify().IsIntact);
    }

    private static string Scalar(JournalFixture journal, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={journal.DatabasePath};Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
