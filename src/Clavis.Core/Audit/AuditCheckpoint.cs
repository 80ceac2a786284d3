using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Clavis.Core.Audit;

/// <summary>
/// A node's signed statement that its chain reached <paramref name="Sequence"/> with head hash
/// <paramref name="HeadHash"/> at <paramref name="Time"/>. A verifier that finds fewer records, or another
/// hash at that sequence, knows the journal was cut or rewritten.
/// </summary>
/// <param name="NodeId">The node whose chain is signed.</param>
/// <param name="Sequence">The last record's sequence.</param>
/// <param name="HeadHash">That record's hash.</param>
/// <param name="Time">When the checkpoint was made.</param>
/// <param name="KeyId">The signing key (see <see cref="AuditSigningKeyRecord"/>).</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of <see cref="SignedBytes()"/>, IEEE P1363 form (r ‖ s).</param>
public sealed record AuditCheckpoint(string NodeId, long Sequence, byte[] HeadHash, DateTimeOffset Time, string KeyId, byte[] Signature)
{
    // STABLE FORMAT: the domain label keeps a checkpoint signature from being valid as anything else.
    private static readonly byte[] s_label = "CLAVIS AUDIT CHECKPOINT 1\0"u8.ToArray();

    /// <summary>
    /// What the signature covers. STABLE FORMAT: the label <c>CLAVIS AUDIT CHECKPOINT 1</c> and a zero byte,
    /// then u32 length + UTF-8 node id, i64 sequence, the 32-byte head hash, i64 time (Unix microseconds UTC),
    /// u32 length + UTF-8 key id; integers big-endian.
    /// </summary>
    public byte[] SignedBytes() => SignedBytes(NodeId, Sequence, HeadHash, Time, KeyId);

    /// <summary>What the signature of a checkpoint with these fields covers (see <see cref="SignedBytes()"/>).</summary>
    public static byte[] SignedBytes(string nodeId, long sequence, ReadOnlySpan<byte> headHash, DateTimeOffset time, string keyId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(keyId);
        var buffer = new ArrayBufferWriter<byte>(128);
        buffer.Write(s_label);
        WriteString(buffer, nodeId);
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), sequence);
        buffer.Advance(8);
        buffer.Write(headHash);
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), AuditRecordCodec.ToMicroseconds(time));
        buffer.Advance(8);
        WriteString(buffer, keyId);
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
