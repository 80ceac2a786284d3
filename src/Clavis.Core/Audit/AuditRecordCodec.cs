using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Clavis.Core.Audit;

/// <summary>
/// The canonical encoding of an <see cref="AuditRecord"/> and the hash that chains it to its predecessor.
/// </summary>
/// <remarks>
/// <para>
/// STABLE FORMAT (versions 1, 2 and 3). Every journal on disk holds these bytes and every verifier recomputes
/// hashes over them, so a byte that moves breaks every chain ever written. Never change a version: a new
/// field or order is a new <see cref="FormatVersion"/>, and <see cref="Decode"/> keeps reading the old ones.
/// <c>AuditRecordCodecTests</c> pins a record's bytes in each version.
/// </para>
/// <para>
/// Layout: a header, then the body. Integers are big-endian; <c>str</c> is a u32 byte length then UTF-8;
/// an optional value is a byte 0 (absent) or 1 followed by the value.
/// Header: u8 format version (1) · str node id · i64 sequence · 32 bytes previous record's hash (zeros for
/// the first record of a node).
/// Body: i64 time (Unix microseconds UTC) · u8 source · str operation · opt str principal · opt str
/// certificate fingerprint · opt str client address · opt i64 session id · opt str request id · opt i32
/// batch item index · u32 object count · u32 n, then n × str object id · opt str object type · opt str
/// algorithm · opt i32 length · opt i32 usage mask · opt str state · str result status · opt str result
/// reason · opt str message · opt i64 data size.
/// Version 2 (written since the policy engine) has the same header with version byte 2 and appends to the body:
/// opt str policy decision · opt str policy rule · opt str policy reason · opt str device type · opt str device
/// class · opt str application · opt i32 software level · opt i32 hardware level · u32 n, n × str credential
/// type · u32 n, n × (str claim name · str claim value) · opt i64 usage count.
/// Version 3 (written since records of alike batch items are folded) has version byte 3 and appends to the
/// version 2 body: opt i32 batch item count (absent for a record of one item).
/// </para>
/// <para>The record's hash is SHA-256 over header and body together, so it binds the node, the sequence and
/// the predecessor: a changed field, a removed, inserted or moved record all break a link.</para>
/// </remarks>
public static class AuditRecordCodec
{
    /// <summary>The format this code writes.</summary>
    public const byte FormatVersion = 3;

    /// <summary>The first format, still read (journals written before version 2).</summary>
    public const byte FormatVersion1 = 1;

    /// <summary>The second format, still read (journals written before version 3).</summary>
    public const byte FormatVersion2 = 2;

    /// <summary>The length of a record hash (SHA-256).</summary>
    public const int HashLength = 32;

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The "previous hash" of a node's first record.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[HashLength];

    /// <summary>
    /// Encodes the fields of <paramref name="record"/> that do not depend on its place in the chain. The store
    /// does this when the record is queued, so the writer only adds the header and hashes.
    /// </summary>
    public static byte[] EncodeBody(AuditRecord record) => Encode(record, static (buffer, record) =>
    {
        WriteVersion2Body(buffer, record);
        WriteOptional(buffer, record.BatchItemCount);
    });

    /// <summary>
    /// Encodes <paramref name="record"/> in format version 2 (without the batch item count version 3 added): how
    /// the records of journals written before version 3 were made, kept so tests can build them.
    /// </summary>
    public static byte[] EncodeVersion2Body(AuditRecord record) => Encode(record, WriteVersion2Body);

    private static void WriteVersion2Body(ArrayBufferWriter<byte> buffer, AuditRecord record)
    {
        WriteVersion1Body(buffer, record);
        WriteOptional(buffer, record.PolicyDecision);
        WriteOptional(buffer, record.PolicyRule);
        WriteOptional(buffer, record.PolicyReason is { Length: > AuditRecord.MaxMessageLength } reason ? reason[..AuditRecord.MaxMessageLength] : record.PolicyReason);
        WriteOptional(buffer, record.DeviceType);
        WriteOptional(buffer, record.DeviceClass);
        WriteOptional(buffer, record.Application);
        WriteOptional(buffer, record.SoftwareLevel);
        WriteOptional(buffer, record.HardwareLevel);
        WriteUInt32(buffer, (uint)record.CredentialTypes.Count);
        foreach (string type in record.CredentialTypes)
        {
            WriteString(buffer, type);
        }

        WriteUInt32(buffer, (uint)record.Claims.Count);
        foreach ((string name, string value) in record.Claims)
        {
            WriteString(buffer, name);
            WriteString(buffer, value);
        }

        WriteOptional(buffer, record.UsageCount);
    }

    /// <summary>
    /// Encodes <paramref name="record"/> in format version 1 (without the fields version 2 added): how the
    /// records of journals written before version 2 were made, kept so tests can build them.
    /// </summary>
    public static byte[] EncodeVersion1Body(AuditRecord record) => Encode(record, WriteVersion1Body);

    private static byte[] Encode(AuditRecord record, Action<ArrayBufferWriter<byte>, AuditRecord> write)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(256);
        write(buffer, record);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteVersion1Body(ArrayBufferWriter<byte> buffer, AuditRecord record)
    {
        WriteInt64(buffer, ToMicroseconds(record.Time));
        WriteByte(buffer, (byte)record.Source);
        WriteString(buffer, record.Operation);
        WriteOptional(buffer, record.Principal);
        WriteOptional(buffer, record.CertificateFingerprint);
        WriteOptional(buffer, record.ClientAddress);
        WriteOptional(buffer, record.SessionId);
        WriteOptional(buffer, record.RequestId);
        WriteOptional(buffer, record.BatchItemIndex);
        int count = Math.Min(record.ObjectIds.Count, AuditRecord.MaxObjectIds);
        WriteUInt32(buffer, (uint)Math.Max(record.ObjectCount, record.ObjectIds.Count));
        WriteUInt32(buffer, (uint)count);
        for (int i = 0; i < count; i++)
        {
            WriteString(buffer, record.ObjectIds[i]);
        }

        WriteOptional(buffer, record.ObjectType);
        WriteOptional(buffer, record.CryptographicAlgorithm);
        WriteOptional(buffer, record.CryptographicLength);
        WriteOptional(buffer, record.CryptographicUsageMask);
        WriteOptional(buffer, record.State);
        WriteString(buffer, record.ResultStatus);
        WriteOptional(buffer, record.ResultReason);
        WriteOptional(buffer, record.Message is { Length: > AuditRecord.MaxMessageLength } cut ? cut[..AuditRecord.MaxMessageLength] : record.Message);
        WriteOptional(buffer, record.DataSize);
    }

    /// <summary>
    /// Places an encoded body at <paramref name="sequence"/> of <paramref name="nodeId"/>'s chain, after the
    /// record whose hash is <paramref name="previousHash"/>.
    /// </summary>
    /// <returns>The record's full encoding and its hash.</returns>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 32 bytes.</exception>
    public static (byte[] Encoded, byte[] Hash) Link(string nodeId, long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body) =>
        Link(FormatVersion, nodeId, sequence, previousHash, body);

    /// <summary>As <see cref="Link(string, long, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, for a body encoded in format <paramref name="formatVersion"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 32 bytes, or the format is unknown.</exception>
    public static (byte[] Encoded, byte[] Hash) Link(byte formatVersion, string nodeId, long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body)
    {
        if (formatVersion is not (FormatVersion1 or FormatVersion2 or FormatVersion))
        {
            throw new ArgumentException($"audit record format {formatVersion} is unknown", nameof(formatVersion));
        }

        ArgumentNullException.ThrowIfNull(nodeId);
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"a previous hash is {HashLength} bytes", nameof(previousHash));
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + nodeId.Length + 48);
        WriteLinked(buffer, formatVersion, nodeId, sequence, previousHash, body);
        byte[] encoded = buffer.WrittenSpan.ToArray();
        return (encoded, SHA256.HashData(encoded));
    }

    /// <summary>
    /// Writes what <see cref="Link(string, long, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> returns as the
    /// encoding into <paramref name="buffer"/>, so a writer that appends many records can reuse one buffer and
    /// hash the bytes where they are.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 32 bytes.</exception>
    public static void WriteLinked(ArrayBufferWriter<byte> buffer, string nodeId, long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(nodeId);
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"a previous hash is {HashLength} bytes", nameof(previousHash));
        }

        WriteLinked(buffer, FormatVersion, nodeId, sequence, previousHash, body);
    }

    private static void WriteLinked(ArrayBufferWriter<byte> buffer, byte formatVersion, string nodeId, long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body)
    {
        WriteByte(buffer, formatVersion);
        WriteString(buffer, nodeId);
        WriteInt64(buffer, sequence);
        buffer.Write(previousHash);
        buffer.Write(body);
    }

    /// <summary>The hash of an encoded record.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> encoded) => SHA256.HashData(encoded);

    /// <summary>Reads an encoded record back.</summary>
    /// <exception cref="FormatException">The bytes are not a record in a known format.</exception>
    public static AuditEntry Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new Reader(encoded);
        byte version = reader.FormatVersion();

        string nodeId = reader.String();
        long sequence = reader.Int64();
        byte[] previous = reader.Bytes(HashLength).ToArray();
        DateTimeOffset time = FromMicroseconds(reader.Int64());
        var source = (AuditSource)reader.Byte();
        string operation = reader.String();
        string? principal = reader.OptionalString();
        string? fingerprint = reader.OptionalString();
        string? address = reader.OptionalString();
        long? session = reader.OptionalInt64();
        string? requestId = reader.OptionalString();
        int? batchItem = reader.OptionalInt32();
        int objectCount = checked((int)reader.UInt32());
        int idCount = checked((int)reader.UInt32());
        if (idCount > AuditRecord.MaxObjectIds)
        {
            throw new FormatException($"audit record lists {idCount} object identifiers, more than {AuditRecord.MaxObjectIds}");
        }

        var ids = new string[idCount];
        for (int i = 0; i < idCount; i++)
        {
            ids[i] = reader.String();
        }

        var record = new AuditRecord
        {
            NodeId = nodeId,
            Time = time,
            Source = source,
            Operation = operation,
            Principal = principal,
            CertificateFingerprint = fingerprint,
            ClientAddress = address,
            SessionId = session,
            RequestId = requestId,
            BatchItemIndex = batchItem,
            ObjectCount = objectCount,
            ObjectIds = ids,
            ObjectType = reader.OptionalString(),
            CryptographicAlgorithm = reader.OptionalString(),
            CryptographicLength = reader.OptionalInt32(),
            CryptographicUsageMask = reader.OptionalInt32(),
            State = reader.OptionalString(),
            ResultStatus = reader.String(),
            ResultReason = reader.OptionalString(),
            Message = reader.OptionalString(),
            DataSize = reader.OptionalInt64(),
        };
        if (version >= 2)
        {
            record = ReadVersion2Fields(ref reader, record);
        }

        if (version >= 3)
        {
            int? items = reader.OptionalInt32();
            if (items is < 2)
            {
                throw new FormatException($"audit record stands for {items} batch items; a folded record stands for at least 2");
            }

            record = record with { BatchItemCount = items };
        }

        if (!reader.AtEnd)
        {
            throw new FormatException("audit record has bytes after its last field");
        }

        return new AuditEntry(nodeId, sequence, previous, record);
    }

    /// <summary>
    /// Reads only what places an encoded record in its chain and the fields stores copy into query columns,
    /// skipping the rest without allocating: what a verifier needs for every record of a long journal.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a record in a known format.</exception>
    public static AuditRecordSummary DecodeSummary(ReadOnlySpan<byte> encoded)
    {
        var reader = new Reader(encoded);
        byte version = reader.FormatVersion();

        string nodeId = reader.String();
        long sequence = reader.Int64();
        byte[] previous = reader.Bytes(HashLength).ToArray();
        long time = reader.Int64();
        reader.Byte();
        string operation = reader.String();
        string? principal = reader.OptionalString();
        reader.SkipOptionalString();
        reader.SkipOptionalString();
        reader.SkipOptional(8);
        reader.SkipOptionalString();
        reader.SkipOptional(4);
        reader.UInt32();
        uint idCount = reader.UInt32();
        string? firstObject = null;
        for (uint i = 0; i < idCount; i++)
        {
            if (i == 0)
            {
                firstObject = reader.String();
            }
            else
            {
                reader.SkipString();
            }
        }

        reader.SkipOptionalString();
        reader.SkipOptionalString();
        reader.SkipOptional(4);
        reader.SkipOptional(4);
        reader.SkipOptionalString();
        string resultStatus = reader.String();
        return new AuditRecordSummary(nodeId, sequence, previous, time, operation, principal, firstObject, resultStatus);
    }

    private static AuditRecord ReadVersion2Fields(ref Reader reader, AuditRecord record)
    {
        record = record with
        {
            PolicyDecision = reader.OptionalString(),
            PolicyRule = reader.OptionalString(),
            PolicyReason = reader.OptionalString(),
            DeviceType = reader.OptionalString(),
            DeviceClass = reader.OptionalString(),
            Application = reader.OptionalString(),
            SoftwareLevel = reader.OptionalInt32(),
            HardwareLevel = reader.OptionalInt32(),
        };
        var types = new string[reader.Count()];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = reader.String();
        }

        var claims = new KeyValuePair<string, string>[reader.Count()];
        for (int i = 0; i < claims.Length; i++)
        {
            claims[i] = new(reader.String(), reader.String());
        }

        return record with { CredentialTypes = types, Claims = claims, UsageCount = reader.OptionalInt64() };
    }

    /// <summary>Unix microseconds UTC, the resolution records keep.</summary>
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>The time <paramref name="microseconds"/> after the Unix epoch, UTC.</summary>
    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    private static void WriteByte(ArrayBufferWriter<byte> buffer, byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> buffer, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        int length = s_utf8.GetByteCount(value);
        WriteUInt32(buffer, (uint)length);
        s_utf8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void WriteOptional(ArrayBufferWriter<byte> buffer, string? value)
    {
        WriteByte(buffer, value is null ? (byte)0 : (byte)1);
        if (value is not null)
        {
            WriteString(buffer, value);
        }
    }

    private static void WriteOptional(ArrayBufferWriter<byte> buffer, long? value)
    {
        WriteByte(buffer, value is null ? (byte)0 : (byte)1);
        if (value is long present)
        {
            WriteInt64(buffer, present);
        }
    }

    private static void WriteOptional(ArrayBufferWriter<byte> buffer, int? value)
    {
        WriteByte(buffer, value is null ? (byte)0 : (byte)1);
        if (value is int present)
        {
            WriteUInt32(buffer, unchecked((uint)present));
        }
    }

    private ref struct Reader
    {
        private ReadOnlySpan<byte> _rest;

        public Reader(ReadOnlySpan<byte> bytes)
        {
            _rest = bytes;
        }

        public readonly bool AtEnd => _rest.IsEmpty;

        public ReadOnlySpan<byte> Bytes(int length)
        {
            if (length < 0 || _rest.Length < length)
            {
                throw new FormatException("audit record is truncated");
            }

            ReadOnlySpan<byte> taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }

        public byte Byte() => Bytes(1)[0];

        public byte FormatVersion()
        {
            byte version = Byte();
            return version is >= FormatVersion1 and <= AuditRecordCodec.FormatVersion
                ? version
                : throw new FormatException($"audit record format {version} is unknown (this Clavis reads {FormatVersion1} to {AuditRecordCodec.FormatVersion})");
        }

        // A list length, bounded by what is left so a damaged length cannot make the reader allocate gigabytes.
        public int Count()
        {
            uint count = UInt32();
            if (count > (uint)_rest.Length)
            {
                throw new FormatException("audit record list is longer than the record");
            }

            return (int)count;
        }

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Bytes(8));

        public string String()
        {
            uint length = UInt32();
            if (length > int.MaxValue)
            {
                throw new FormatException("audit record string is too long");
            }

            try
            {
                return s_utf8.GetString(Bytes((int)length));
            }
            catch (DecoderFallbackException ex)
            {
                throw new FormatException("audit record string is not UTF-8", ex);
            }
        }

        public string? OptionalString() => Present() ? String() : null;

        public void SkipString() => Bytes(checked((int)UInt32()));

        public void SkipOptionalString()
        {
            if (Present())
            {
                SkipString();
            }
        }

        public void SkipOptional(int length)
        {
            if (Present())
            {
                Bytes(length);
            }
        }

        public long? OptionalInt64() => Present() ? Int64() : null;

        public int? OptionalInt32() => Present() ? unchecked((int)UInt32()) : null;

        private bool Present() => Byte() switch
        {
            0 => false,
            1 => true,
            byte other => throw new FormatException($"audit record presence flag {other} is neither 0 nor 1"),
        };
    }
}
