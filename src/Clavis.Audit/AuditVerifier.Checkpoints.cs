using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

public static partial class AuditVerifier
{
    private static AuditBreak? CheckCheckpoints(string node, IReadOnlyList<AuditCheckpoint> checkpoints, AuditVerifierOptions options,
        NodeSigners signers, Dictionary<long, byte[]> seen, long last, AuditVerification result)
    {
        foreach (AuditCheckpoint checkpoint in checkpoints)
        {
            if (options.ToSequence is long to && checkpoint.Sequence > to)
            {
                continue;
            }

            if (signers.Problem(checkpoint, "the checkpoint") is string problem)
            {
                return new AuditBreak(AuditBreakKind.BadCheckpoint, node, checkpoint.Sequence, problem);
            }

            result.CheckpointsChecked++;
            if (checkpoint.Sequence > last && (options.ToSequence is null || last < options.ToSequence))
            {
                return new AuditBreak(AuditBreakKind.TruncatedTail, node, last + 1,
                    $"truncated tail: the checkpoint signed at {checkpoint.Time:O} covers records up to {checkpoint.Sequence} (head {Short(checkpoint.HeadHash)}), but the chain ends at {last}: {checkpoint.Sequence - last} record(s) were removed from the end");
            }

            if (Rewritten(node, checkpoint, seen, "the checkpoint") is AuditBreak rewritten)
            {
                return rewritten;
            }
        }

        return null;
    }

    // The copies kept outside the store catch what the store's own checkpoints cannot: the newest records
    // removed together with every checkpoint that signed them.
    private static AuditBreak? CheckCopies(string node, List<AuditCheckpoint> copies, IReadOnlyList<AuditCheckpoint> stored, AuditVerifierOptions options,
        NodeSigners signers, Dictionary<long, byte[]> seen, long last, AuditVerification result)
    {
        foreach (AuditCheckpoint copy in copies.OrderBy(c => c.Sequence))
        {
            if (options.ToSequence is long to && copy.Sequence > to)
            {
                continue;
            }

            if (signers.Problem(copy, "the copy of the checkpoint") is string problem)
            {
                return new AuditBreak(AuditBreakKind.BadCheckpoint, node, copy.Sequence, problem);
            }

            result.CheckpointCopiesChecked++;
            if (copy.Sequence > last && (options.ToSequence is null || last < options.ToSequence))
            {
                return new AuditBreak(AuditBreakKind.TruncatedTail, node, last + 1,
                    $"truncated tail: the checkpoint copy kept outside the database, signed at {copy.Time:O}, covers records up to {copy.Sequence} (head {Short(copy.HeadHash)}), but the chain ends at {last}: {copy.Sequence - last} record(s) were removed from the end, and the checkpoints that signed them from the database");
            }

            if (!stored.Any(c => c.Sequence == copy.Sequence && string.Equals(c.KeyId, copy.KeyId, StringComparison.Ordinal) && c.Signature.AsSpan().SequenceEqual(copy.Signature)))
            {
                return new AuditBreak(AuditBreakKind.BadCheckpoint, node, copy.Sequence,
                    $"the checkpoint signed at {copy.Time:O} for records up to {copy.Sequence}, kept in the checkpoint copy, is missing from the database: it was removed");
            }

            if (Rewritten(node, copy, seen, "the checkpoint copy") is AuditBreak rewritten)
            {
                return rewritten;
            }
        }

        return null;
    }

    private static AuditBreak? Rewritten(string node, AuditCheckpoint checkpoint, Dictionary<long, byte[]> seen, string what) =>
        seen.TryGetValue(checkpoint.Sequence, out byte[]? hash) && !hash.AsSpan().SequenceEqual(checkpoint.HeadHash)
            ? new AuditBreak(AuditBreakKind.BadCheckpoint, node, checkpoint.Sequence,
                $"record {checkpoint.Sequence} hashes to {Short(hash)} but {what} signed at {checkpoint.Time:O} says {Short(checkpoint.HeadHash)}: the records up to {checkpoint.Sequence} were rewritten")
            : null;
}
