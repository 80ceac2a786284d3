using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Checks a journal as stored: every node's chain link by link (hash over the record's bytes, previous-hash
/// link, sequence continuity, the query columns against the bytes), then every checkpoint's signature and that
/// the records it signs are still there with the hash it names. A chain whose oldest range was archived starts
/// after the newest archive anchor (<see cref="AuditArchiveAnchor"/>), which a checkpoint must sign and the record
/// of the archiving must confirm. A node's signing key may have been rotated: a checkpoint is accepted from a key
/// that is trusted, or that a trusted key handed over to (<see cref="AuditKeyHandover"/>), and not from a key after
/// it handed over. Reports the first broken link of each chain.
/// </summary>
public static partial class AuditVerifier
{
    /// <summary>Verifies what <paramref name="reader"/> holds.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or starts before 1.</exception>
    public static AuditVerification Verify(IAuditReader reader, AuditVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FromSequence, 1);
        if (options.ToSequence is long to)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(to, options.FromSequence);
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = new AuditVerification();
        var keys = new Dictionary<string, AuditPublicKey>(StringComparer.Ordinal);
        foreach (AuditPublicKey key in reader.ReadPublicKeys())
        {
            keys[key.KeyId] = key;
        }

        if (options.TrustedPublicKeys.Count == 0)
        {
            result.Notes.Add("no trusted public key was given: checkpoint signatures are checked against the keys stored in the journal, which whoever can rewrite the journal can replace too");
        }

        var verifiers = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        try
        {
            // A node whose every row was removed from the store is still named by its copied checkpoints.
            IReadOnlyList<string> nodes = options.NodeId is string only
                ? [only]
                : [.. reader.ReadNodes().Union(options.CheckpointCopies.Select(c => c.NodeId), StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            foreach (string node in nodes)
            {
                IReadOnlyList<AuditCheckpoint> checkpoints = reader.ReadCheckpoints(node);
                List<AuditCheckpoint> copies = [.. options.CheckpointCopies.Where(c => string.Equals(c.NodeId, node, StringComparison.Ordinal))];
                var wanted = new HashSet<long>(checkpoints.Select(c => c.Sequence).Concat(copies.Select(c => c.Sequence)));
                var seen = new Dictionary<long, byte[]>();
                IReadOnlyList<AuditArchiveAnchor> archives = reader.ReadArchives(node);
                AuditArchiveAnchor? anchor = archives.Count > 0 ? archives[^1] : null;
                NoteArchives(reader, node, archives, options, result);
                var walk = new ChainWalk(node, anchor, wanted, seen);
                AuditBreak? broken = WalkChain(reader, options, walk, result);
                long last = walk.Last;
                broken ??= CheckAnchor(walk, checkpoints, options);
                var signers = new NodeSigners(node, keys, verifiers, options);
                broken ??= signers.Follow(reader.ReadKeyHandovers(node), checkpoints);
                broken ??= CheckCheckpoints(node, checkpoints, options, signers, seen, last, result);
                broken ??= CheckCopies(node, copies, checkpoints, options, signers, seen, last, result);
                long? lastSigned = checkpoints.Count > 0 ? checkpoints.Max(c => c.Sequence) : null;
                result.Chains.Add((node, last, lastSigned));
                if (broken is not null)
                {
                    result.Breaks.Add(broken);
                    continue;
                }

                if (lastSigned is null && last > 0)
                {
                    result.Notes.Add($"node {node} has no checkpoint yet: removal of its newest records could not be detected");
                }
                else if (lastSigned is long signed && last > signed)
                {
                    result.Notes.Add($"node {node}: records {signed + 1}..{last} follow the last checkpoint and are not yet covered by a signature");
                }
            }
        }
        finally
        {
            foreach (ECDsa verifier in verifiers.Values)
            {
                verifier.Dispose();
            }
        }

        result.Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return result;
    }

    private static AuditBreak? WalkChain(IAuditReader reader, AuditVerifierOptions options, ChainWalk walk, AuditVerification result)
    {
        string node = walk.NodeId;
        long expected = options.FromSequence;
        byte[] previous = AuditRecordCodec.GenesisHash.ToArray();
        if (walk.Anchor is AuditArchiveAnchor anchor && expected <= anchor.LastSequence + 1)
        {
            // The records up to the anchor are in an archive file: the chain as stored starts after it, linked to
            // its hash, which a checkpoint must sign (CheckAnchor).
            expected = anchor.LastSequence + 1;
            previous = anchor.LastHash;
            walk.StartsAtAnchor = true;
            walk.Seen[anchor.LastSequence] = anchor.LastHash;
        }
        else if (expected > 1)
        {
            // A range starts from the record before it, whose own bytes must still match its hash.
            StoredAuditRecord? before = reader.ReadRecords(node, expected - 1, expected - 1).FirstOrDefault();
            if (before is null)
            {
                walk.Last = expected - 1;
                return new AuditBreak(AuditBreakKind.RemovedRecord, node, expected - 1, $"record {expected - 1}, which the range starts after, is missing: it was removed");
            }

            if (!AuditRecordCodec.Hash(before.Encoded).AsSpan().SequenceEqual(before.Hash))
            {
                walk.Last = expected - 1;
                return new AuditBreak(AuditBreakKind.ChangedRecord, node, before.Sequence, $"record {before.Sequence}'s bytes do not match its stored hash: a field was changed");
            }

            previous = before.Hash;
        }

        walk.Last = expected - 1;
        if (options.ToSequence is long to && to < expected)
        {
            return null;
        }

        // Reading rows overlaps with hashing them (ReadAhead): the two halves cost about the same.
        using IEnumerator<StoredAuditRecord> rows = ReadAhead.Of(reader.ReadRecords(node, expected, options.ToSequence)).GetEnumerator();
        StoredAuditRecord? next = rows.MoveNext() ? rows.Current : null;
        Span<byte> hash = stackalloc byte[AuditRecordCodec.HashLength];
        while (next is not null)
        {
            StoredAuditRecord row = next;
            next = rows.MoveNext() ? rows.Current : null;
            if (row.Sequence != expected)
            {
                long missing = row.Sequence - expected;
                return new AuditBreak(AuditBreakKind.RemovedRecord, node, expected, missing == 1
                    ? $"record {expected} is missing (the chain goes from {expected - 1} to {row.Sequence}): it was removed"
                    : $"records {expected}..{row.Sequence - 1} are missing (the chain goes from {expected - 1} to {row.Sequence}): {missing} records were removed");
            }

            // The summary decoder reads the chain fields and the column copies only: a full decode would allocate
            // every field of every record, and the hash below already proves the rest unchanged.
            AuditRecordSummary entry;
            try
            {
                entry = AuditRecordCodec.DecodeSummary(row.Encoded);
            }
            catch (FormatException ex)
            {
                return new AuditBreak(AuditBreakKind.UnreadableRecord, node, row.Sequence, $"record {row.Sequence} cannot be read ({ex.Message}): its bytes were changed");
            }

            SHA256.HashData(row.Encoded, hash);
            if (!hash.SequenceEqual(row.Hash))
            {
                return new AuditBreak(AuditBreakKind.ChangedRecord, node, row.Sequence, $"hash mismatch at sequence {row.Sequence}: the record's bytes no longer match its stored hash, so a field of it was changed");
            }

            if (!string.Equals(entry.NodeId, node, StringComparison.Ordinal))
            {
                return new AuditBreak(AuditBreakKind.InsertedRecord, node, row.Sequence, $"the record at sequence {row.Sequence} was written into node {entry.NodeId}'s chain: it was copied in from another chain");
            }

            if (entry.Sequence != row.Sequence)
            {
                return Misplaced(node, row, entry, next);
            }

            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return new AuditBreak(AuditBreakKind.InsertedRecord, node, row.Sequence,
                    $"record {row.Sequence} does not link to record {row.Sequence - 1} (it names {Short(entry.PreviousHash)}, record {row.Sequence - 1} hashes to {Short(previous)}): record {row.Sequence - 1} was inserted, or replaced and rehashed");
            }

            if (ColumnMismatch(row, entry) is string column)
            {
                return new AuditBreak(AuditBreakKind.ChangedRecord, node, row.Sequence, $"changed field at sequence {row.Sequence}: {column}");
            }

            if (walk.Wanted.Contains(row.Sequence))
            {
                walk.Seen[row.Sequence] = row.Hash;
            }

            if (walk.Anchor is not null && !walk.AnchorConfirmed && entry.Operation == AuditArchiver.Operation)
            {
                walk.AnchorConfirmed = Confirms(row, walk.Anchor);
            }

            previous = row.Hash;
            walk.Last = row.Sequence;
            expected++;
            result.RecordsChecked++;
        }

        return null;
    }

    private static AuditBreak Misplaced(string node, StoredAuditRecord row, AuditRecordSummary entry, StoredAuditRecord? next)
    {
        long at = row.Sequence;
        if (entry.Sequence == at + 1 && next is not null && TryHashedSequence(next) == at)
        {
            return new AuditBreak(AuditBreakKind.ReorderedRecords, node, at,
                $"records {at} and {at + 1} were swapped: sequence {at} holds the record hashed as {at + 1}, and {at + 1} the one hashed as {at}");
        }

        return entry.Sequence < at
            ? new AuditBreak(AuditBreakKind.InsertedRecord, node, at,
                $"sequence {at} holds the record hashed as sequence {entry.Sequence}: {at - entry.Sequence} record(s) were inserted before it and the later ones renumbered")
            : new AuditBreak(AuditBreakKind.ReorderedRecords, node, at,
                $"sequence {at} holds the record hashed as sequence {entry.Sequence}: records were reordered, or removed and the rest renumbered");
    }

    private static long? TryHashedSequence(StoredAuditRecord row)
    {
        try
        {
            return AuditRecordCodec.DecodeSummary(row.Encoded).Sequence;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // The columns exist for queries; a query must not be fooled by a column edited apart from the hashed bytes.
    private static string? ColumnMismatch(StoredAuditRecord row, AuditRecordSummary record)
    {
        if (row.TimeMicroseconds != record.TimeMicroseconds)
        {
            return $"column time says {AuditRecordCodec.FromMicroseconds(row.TimeMicroseconds):O} but the hashed record says {AuditRecordCodec.FromMicroseconds(record.TimeMicroseconds):O}";
        }

        return Differs("principal", row.Principal, record.Principal)
            ?? Differs("operation", row.Operation, record.Operation)
            ?? Differs("object_id", row.ObjectId, record.FirstObjectId)
            ?? Differs("result_status", row.ResultStatus, record.ResultStatus);
    }

    private static string? Differs(string column, string? stored, string? hashed) =>
        string.Equals(stored, hashed, StringComparison.Ordinal)
            ? null
            : $"column {column} says {Quote(stored)} but the hashed record says {Quote(hashed)}";

    private static string Quote(string? value) => value is null ? "nothing" : $"'{value}'";

    private static string Short(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash[..Math.Min(8, hash.Length)]) + "…";
}
