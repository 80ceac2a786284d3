using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clavis.Cli.Client;

/// <summary>The header of a Clavis envelope: which key and parameters encrypted the records after it (docs/cli.md, "Envelope format").</summary>
internal sealed class EnvelopeHeader
{
    [JsonPropertyName("keyId")]
    public string KeyId { get; set; } = "";

    [JsonPropertyName("algorithm")]
    public string Algorithm { get; set; } = "";

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonPropertyName("padding")]
    public string? Padding { get; set; }

    [JsonPropertyName("hash")]
    public string? Hash { get; set; }

    [JsonPropertyName("tagLength")]
    public int? TagLength { get; set; }

    [JsonPropertyName("chunkSize")]
    public int ChunkSize { get; set; }
}

/// <summary>One encrypted chunk of an envelope.</summary>
internal sealed record EnvelopeRecord(bool Final, byte[]? Iv, byte[]? Tag, byte[] Ciphertext);

/// <summary>
/// The envelope <c>clavis encrypt</c> writes, so that <c>clavis decrypt</c> needs nothing else: "CLVE", version 1, the
/// header's length (uint32 big-endian) and the header as JSON; then records, each a uint32 big-endian length and: a
/// flags byte (1 = final record), the IV's length and bytes, the tag's length and bytes, the ciphertext. Plaintext is
/// cut into chunks so that files of any size fit the server's message limit; with GCM each chunk's additional data is
/// the header, its index (uint64 big-endian) and its final flag, so records cannot be reordered, dropped, cut short or
/// moved to another envelope unnoticed.
/// </summary>
internal static class Envelope
{
    public const byte Version = 1;

    private static readonly byte[] s_magic = "CLVE"u8.ToArray();
    private static readonly JsonSerializerOptions s_json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Writes the magic, version and header; returns the header bytes (part of each record's additional data).</summary>
    public static async Task<byte[]> WriteHeaderAsync(Stream output, EnvelopeHeader header, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, s_json);
        var prefix = new byte[9];
        s_magic.CopyTo(prefix, 0);
        prefix[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(5), (uint)json.Length);
        await output.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        return json;
    }

    /// <summary>Reads the header, or null when the stream does not start with an envelope (its first bytes are then lost).</summary>
    /// <exception cref="AdminClientException">An envelope of another version or a damaged header (exit 1).</exception>
    public static async Task<(EnvelopeHeader Header, byte[] Raw)?> ReadHeaderAsync(Stream input, CancellationToken cancellationToken)
    {
        var prefix = new byte[9];
        int read = await input.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < prefix.Length || !prefix.AsSpan(0, 4).SequenceEqual(s_magic))
        {
            return null;
        }

        if (prefix[4] != Version)
        {
            throw Invalid($"the envelope is version {prefix[4]}; this clavis reads version {Version}");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(5));
        if (length > 64 * 1024)
        {
            throw Invalid("the envelope's header is damaged");
        }

        var raw = new byte[length];
        await ReadExactlyAsync(input, raw, cancellationToken).ConfigureAwait(false);
        try
        {
            EnvelopeHeader header = JsonSerializer.Deserialize<EnvelopeHeader>(raw, s_json) ?? throw Invalid("the envelope's header is empty");
            return header.KeyId.Length == 0 || header.ChunkSize <= 0 ? throw Invalid("the envelope's header names no key") : (header, raw);
        }
        catch (JsonException ex)
        {
            throw Invalid($"the envelope's header is damaged: {ex.Message}");
        }
    }

    public static async Task WriteRecordAsync(Stream output, EnvelopeRecord record, CancellationToken cancellationToken)
    {
        byte[] iv = record.Iv ?? [];
        byte[] tag = record.Tag ?? [];
        var buffer = new byte[4 + 1 + 1 + iv.Length + 1 + tag.Length + record.Ciphertext.Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)(buffer.Length - 4));
        int at = 4;
        buffer[at++] = record.Final ? (byte)1 : (byte)0;
        buffer[at++] = (byte)iv.Length;
        iv.CopyTo(buffer, at);
        at += iv.Length;
        buffer[at++] = (byte)tag.Length;
        tag.CopyTo(buffer, at);
        at += tag.Length;
        record.Ciphertext.CopyTo(buffer, at);
        await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next record, or null at the end of the stream.</summary>
    public static async Task<EnvelopeRecord?> ReadRecordAsync(Stream input, int chunkSize, CancellationToken cancellationToken)
    {
        var lengthBytes = new byte[4];
        int read = await input.ReadAtLeastAsync(lengthBytes, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw Invalid("the envelope ends inside a record");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(lengthBytes);
        // A record holds at most one chunk plus padding, IV and tag: anything larger is damage, not data.
        if (length < 3 || length > (uint)chunkSize + 1024)
        {
            throw Invalid("the envelope is damaged (a record's length is impossible)");
        }

        var record = new byte[length];
        await ReadExactlyAsync(input, record, cancellationToken).ConfigureAwait(false);
        int at = 0;
        bool final = (record[at++] & 1) != 0;
        byte[] iv = Take(record, ref at, record[at++]);
        byte[] tag = Take(record, ref at, at < record.Length ? record[at++] : throw Invalid("the envelope is damaged"));
        return new EnvelopeRecord(final, iv.Length == 0 ? null : iv, tag.Length == 0 ? null : tag, record[at..]);
    }

    /// <summary>The additional authenticated data of record <paramref name="index"/>: header, index, final flag.</summary>
    public static byte[] AdditionalData(byte[] header, long index, bool final)
    {
        var data = new byte[header.Length + 9];
        header.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(header.Length), index);
        data[^1] = final ? (byte)1 : (byte)0;
        return data;
    }

    public static AdminClientException Invalid(string message) => new(AdminClientException.Refused, message);

    private static byte[] Take(byte[] record, ref int at, int count)
    {
        if (at + count > record.Length)
        {
            throw Invalid("the envelope is damaged (a record is shorter than it says)");
        }

        byte[] taken = record[at..(at + count)];
        at += count;
        return taken;
    }

    private static async Task ReadExactlyAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        if (await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < buffer.Length)
        {
            throw Invalid("the envelope is cut short");
        }
    }

    /// <summary>Text for an error message.</summary>
    public static string Describe(EnvelopeHeader header) => new StringBuilder().Append(header.Algorithm).Append(header.Mode is null ? "" : "-" + header.Mode).ToString();
}
