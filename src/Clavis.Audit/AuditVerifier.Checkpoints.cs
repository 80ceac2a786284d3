using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

public static partial class AuditVerifier
{
    private static AuditBreak? CheckCheckpoints(string node, IReadOnlyList<AuditCheckpoint> checkpoints, AuditVerifierOptions options,
        Dictionary<string, AuditPublicKey> keys, Dictionary<string, ECDsa> verifiers, Dictionary<long, byte[]> seen, long last, AuditVerification result)
    {
        foreach (AuditCheckpoint checkpoint in checkpoints)
        {
            if (options.ToSequence is long to && checkpoint.Sequence > to)
            {
                continue;
            }

            if (SignatureProblem(node, checkpoint, "the checkpoint", options, keys, verifiers) is string problem)
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
        Dictionary<string, AuditPublicKey> keys, Dictionary<string, ECDsa> verifiers, Dictionary<long, byte[]> seen, long last, AuditVerification result)
    {
        foreach (AuditCheckpoint copy in copies.OrderBy(c => c.Sequence))
        {
            if (options.ToSequence is long to && copy.Sequence > to)
            {
                continue;
            }

            if (SignatureProblem(node, copy, "the copy of the checkpoint", options, keys, verifiers) is string problem)
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

    // Which key may sign a node's checkpoints, and whether this one's signature holds; null when it does.
    private static string? SignatureProblem(string node, AuditCheckpoint checkpoint, string what, AuditVerifierOptions options,
        Dictionary<string, AuditPublicKey> keys, Dictionary<string, ECDsa> verifiers)
    {
        if (!keys.TryGetValue(checkpoint.KeyId, out AuditPublicKey? key) || !string.Equals(key.NodeId, node, StringComparison.Ordinal))
        {
            return $"{what} made at {checkpoint.Time:O} names signing key {checkpoint.KeyId}, which node {node} does not have";
        }

        if (options.TrustedPublicKeys.Count > 0 && !options.TrustedPublicKeys.Any(t => t.AsSpan().SequenceEqual(key.PublicKey)))
        {
            return $"{what} made at {checkpoint.Time:O} is signed by key {checkpoint.KeyId}, which is not a trusted key";
        }

        if (!verifiers.TryGetValue(key.KeyId, out ECDsa? verifier))
        {
            verifier = ECDsa.Create();
            try
            {
                verifier.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
            }
            catch (CryptographicException)
            {
                verifier.Dispose();
                return $"signing key {key.KeyId}'s stored public key is not a valid key";
            }

            verifiers[key.KeyId] = verifier;
        }

        return verifier.VerifyData(checkpoint.SignedBytes(), checkpoint.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : $"the signature of {what} made at {checkpoint.Time:O} (sequence {checkpoint.Sequence}) does not verify: it was altered";
    }

    private static AuditBreak? Rewritten(string node, AuditCheckpoint checkpoint, Dictionary<long, byte[]> seen, string what) =>
        seen.TryGetValue(checkpoint.Sequence, out byte[]? hash) && !hash.AsSpan().SequenceEqual(checkpoint.HeadHash)
            ? new AuditBreak(AuditBreakKind.BadCheckpoint, node, checkpoint.Sequence,
                $"record {checkpoint.Sequence} hashes to {Short(hash)} but {what} signed at {checkpoint.Time:O} says {Short(checkpoint.HeadHash)}: the records up to {checkpoint.Sequence} were rewritten")
            : null;
}
