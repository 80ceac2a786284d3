using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Clavis.Core.Audit;

/// <summary>
/// A node's checkpoint signing key handing over to its successor: the old key signs the new key's identifier and
/// public key, so a verifier that trusts only the first key of a node can follow every rotation after it.
/// </summary>
/// <param name="NodeId">The node whose key is rotated.</param>
/// <param name="OldKeyId">The key that signs the hand-over and signs no checkpoint after it.</param>
/// <param name="NewKeyId">The key that signs the node's checkpoints from now on.</param>
/// <param name="NewPublicKey">The new key's public key, DER SubjectPublicKeyInfo.</param>
/// <param name="Time">When the hand-over was signed (microseconds, as signed).</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of <see cref="SignedBytes()"/> by the old key, IEEE P1363 (r ‖ s).</param>
public sealed record AuditKeyHandover(string NodeId, string OldKeyId, string NewKeyId, byte[] NewPublicKey, DateTimeOffset Time, byte[] Signature)
{
    // STABLE FORMAT: the domain label keeps a hand-over signature from being valid as a checkpoint or anything else.
    private static readonly byte[] s_label = "CLAVIS AUDIT KEY HANDOVER 1\0"u8.ToArray();

    /// <summary>The bytes the old key signs.</summary>
    public byte[] SignedBytes() => SignedBytes(NodeId, OldKeyId, NewKeyId, NewPublicKey, Time);

    /// <summary>
    /// The bytes a hand-over signs (STABLE FORMAT): <c>"CLAVIS AUDIT KEY HANDOVER 1" 0x00 · str node · str old key id ·
    /// str new key id · u32 length + new public key (DER) · i64 time (Unix µs UTC)</c>, <c>str</c> = u32 byte length + UTF-8,
    /// integers big-endian.
    /// </summary>
    public static byte[] SignedBytes(string nodeId, string oldKeyId, string newKeyId, ReadOnlySpan<byte> newPublicKey, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(oldKeyId);
        ArgumentNullException.ThrowIfNull(newKeyId);
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(s_label);
        WriteString(buffer, nodeId);
        WriteString(buffer, oldKeyId);
        WriteString(buffer, newKeyId);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), (uint)newPublicKey.Length);
        buffer.Advance(4);
        buffer.Write(newPublicKey);
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), AuditRecordCodec.ToMicroseconds(time));
        buffer.Advance(8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), (uint)bytes.Length);
        buffer.Advance(4);
        buffer.Write(bytes);
    }
}
