using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

public static partial class AuditVerifier
{
    /// <summary>
    /// Which keys may sign one node's checkpoints: the trusted ones (or, without a trust anchor, every key the
    /// journal holds for the node), and every key a trusted key handed over to, followed through rotations. A key
    /// that handed over signs nothing dated after its hand-over.
    /// </summary>
    private sealed class NodeSigners(string node, Dictionary<string, AuditPublicKey> keys, Dictionary<string, ECDsa> verifiers, AuditVerifierOptions options)
    {
        private readonly HashSet<string> _trusted = [.. keys.Values
            .Where(k => string.Equals(k.NodeId, node, StringComparison.Ordinal))
            .Where(k => options.TrustedPublicKeys.Count == 0 || options.TrustedPublicKeys.Any(t => t.AsSpan().SequenceEqual(k.PublicKey)))
            .Select(k => k.KeyId)];

        private readonly Dictionary<string, AuditKeyHandover> _retired = new(StringComparer.Ordinal);

        /// <summary>
        /// Checks every hand-over and extends trust along them; the first one that does not hold is a break, placed
        /// at the first checkpoint that relies on it.
        /// </summary>
        public AuditBreak? Follow(IReadOnlyList<AuditKeyHandover> handovers, IReadOnlyList<AuditCheckpoint> checkpoints)
        {
            foreach (AuditKeyHandover handover in handovers)
            {
                string at = $"{handover.Time:O}";
                AuditBreak Bad(string message) => new(AuditBreakKind.BadCheckpoint, node,
                    checkpoints.FirstOrDefault(c => string.Equals(c.KeyId, handover.NewKeyId, StringComparison.Ordinal))?.Sequence ?? 0, message);
                if (Key(handover.OldKeyId) is not AuditPublicKey old)
                {
                    return Bad($"the hand-over made at {at} is signed by key {handover.OldKeyId}, which node {node} does not have");
                }

                if (Verifier(old) is not ECDsa verifier
                    || !verifier.VerifyData(handover.SignedBytes(), handover.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    return Bad($"the hand-over of node {node}'s signing key from {old.KeyId} to {handover.NewKeyId} made at {at} does not verify with {old.KeyId}'s key: it was forged or altered");
                }

                if (Key(handover.NewKeyId) is not AuditPublicKey successor || !successor.PublicKey.AsSpan().SequenceEqual(handover.NewPublicKey))
                {
                    return Bad($"signing key {handover.NewKeyId}'s stored public key is not the one {old.KeyId} handed over to at {at}: it was replaced");
                }

                _retired.TryAdd(old.KeyId, handover);
            }

            // Trust follows hand-overs in any order they are listed: repeat until nothing more is learned.
            bool learned = true;
            while (learned)
            {
                learned = false;
                foreach (AuditKeyHandover handover in handovers)
                {
                    learned |= _trusted.Contains(handover.OldKeyId) && _trusted.Add(handover.NewKeyId);
                }
            }

            return null;
        }

        /// <summary>Why <paramref name="checkpoint"/> is not a valid signature of this node, or null when it is.</summary>
        public string? Problem(AuditCheckpoint checkpoint, string what)
        {
            if (Key(checkpoint.KeyId) is not AuditPublicKey key)
            {
                return $"{what} made at {checkpoint.Time:O} names signing key {checkpoint.KeyId}, which node {node} does not have";
            }

            if (!_trusted.Contains(key.KeyId))
            {
                return $"{what} made at {checkpoint.Time:O} is signed by key {checkpoint.KeyId}, which is not a trusted key, nor handed over to by one";
            }

            if (_retired.TryGetValue(key.KeyId, out AuditKeyHandover? handover) && checkpoint.Time > handover.Time)
            {
                return $"{what} made at {checkpoint.Time:O} is signed by key {key.KeyId}, which handed over to {handover.NewKeyId} at {handover.Time:O}: a retired key signs nothing after its hand-over";
            }

            if (Verifier(key) is not ECDsa verifier)
            {
                return $"signing key {key.KeyId}'s stored public key is not a valid key";
            }

            return verifier.VerifyData(checkpoint.SignedBytes(), checkpoint.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                ? null
                : $"the signature of {what} made at {checkpoint.Time:O} (sequence {checkpoint.Sequence}) does not verify: it was altered";
        }

        private AuditPublicKey? Key(string keyId) =>
            keys.TryGetValue(keyId, out AuditPublicKey? key) && string.Equals(key.NodeId, node, StringComparison.Ordinal) ? key : null;

        private ECDsa? Verifier(AuditPublicKey key)
        {
            if (verifiers.TryGetValue(key.KeyId, out ECDsa? verifier))
            {
                return verifier;
            }

            verifier = ECDsa.Create();
            try
            {
                verifier.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
            }
            catch (CryptographicException)
            {
                verifier.Dispose();
                return null;
            }

            verifiers[key.KeyId] = verifier;
            return verifier;
        }
    }
}
