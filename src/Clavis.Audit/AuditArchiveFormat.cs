using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// The lines of an archive file: a self-contained, verifiable range of one node's chain
/// (<see cref="AuditArchiveReader"/>, written by <see cref="AuditArchiver"/>).
/// </summary>
/// <remarks>
/// STABLE FORMAT (archives are kept for years). UTF-8 JSON lines, in this order:
/// <code>
/// {"format":"clavis-audit-archive","version":1,"node":"…","firstSequence":F,"lastSequence":L,"headHash":"hex","createdAt":"…",
///  "previousArchive":{"firstSequence":…,"lastSequence":F-1,"lastHash":"hex","file":"…","sha256":"hex","createdAt":"…"}}   (only when F &gt; 1)
/// {"key":{"keyId":"…","node":"…","createdAt":"…","publicKey":"base64 DER SubjectPublicKeyInfo"}}   every signing key of the node
/// {"handover":{"node":"…","oldKeyId":"…","newKeyId":"…","newPublicKey":"base64 DER","time":"…","signature":"hex"}}   every rotation of its key
/// {"checkpoint":{ AuditCheckpointJson }}   every checkpoint of the node from F-1 to L; one of them signs L
/// {"record":{"sequence":S,"hash":"hex","bytes":"base64 of the record's stored bytes"}}   F..L in order
/// {"end":{"records":N}}   a file cut short has no end line
/// </code>
/// AuditArchiveTests.An_archive_file_never_changes_format pins a file.
/// </remarks>
public static class AuditArchiveFormat
{
    /// <summary>The value of the header's <c>format</c>.</summary>
    public const string FormatName = "clavis-audit-archive";

    /// <summary>The format version this Clavis writes and reads.</summary>
    public const int Version = 1;

    internal static void WriteHeader(Utf8JsonWriter json, AuditArchiveHeader header)
    {
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("version", Version);
        json.WriteString("node", header.NodeId);
        json.WriteNumber("firstSequence", header.FirstSequence);
        json.WriteNumber("lastSequence", header.LastSequence);
        json.WriteString("headHash", Convert.ToHexStringLower(header.HeadHash));
        json.WriteString("createdAt", AuditCheckpointJson.FormatTime(header.CreatedAt));
        if (header.PreviousArchive is AuditArchiveAnchor previous)
        {
            json.WriteStartObject("previousArchive");
            json.WriteNumber("firstSequence", previous.FirstSequence);
            json.WriteNumber("lastSequence", previous.LastSequence);
            json.WriteString("lastHash", Convert.ToHexStringLower(previous.LastHash));
            json.WriteString("file", previous.FileName);
            json.WriteString("sha256", Convert.ToHexStringLower(previous.FileSha256));
            json.WriteString("createdAt", AuditCheckpointJson.FormatTime(previous.CreatedAt));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    internal static AuditArchiveHeader ReadHeader(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw new FormatException($"its first line is not a {FormatName} header");
        }

        long version = AuditCheckpointJson.Number(root, "version");
        if (version != Version)
        {
            throw new FormatException($"archive format version {version} is unknown (this Clavis reads {Version})");
        }

        string node = AuditCheckpointJson.Text(root, "node");
        AuditArchiveAnchor? previous = null;
        if (root.TryGetProperty("previousArchive", out JsonElement before))
        {
            previous = new AuditArchiveAnchor(node, AuditCheckpointJson.Number(before, "firstSequence"), AuditCheckpointJson.Number(before, "lastSequence"),
                Hash(before, "lastHash"), AuditCheckpointJson.Text(before, "file"), Hash(before, "sha256"), Time(before, "createdAt"));
        }

        var header = new AuditArchiveHeader(node, AuditCheckpointJson.Number(root, "firstSequence"), AuditCheckpointJson.Number(root, "lastSequence"),
            Hash(root, "headHash"), Time(root, "createdAt"), previous);
        long expectedFirst = previous is null ? 1 : previous.LastSequence + 1;
        if (header.FirstSequence != expectedFirst)
        {
            throw new FormatException($"it says its records start at {header.FirstSequence}, but {(previous is null ? "it names no archive before it" : $"the archive before it ends at {previous.LastSequence}")}");
        }

        if (header.LastSequence < header.FirstSequence)
        {
            throw new FormatException($"it says its records end at {header.LastSequence}, before they start ({header.FirstSequence})");
        }

        return header;
    }

    internal static void WriteKey(Utf8JsonWriter json, AuditPublicKey key)
    {
        json.WriteStartObject();
        json.WriteStartObject("key");
        json.WriteString("keyId", key.KeyId);
        json.WriteString("node", key.NodeId);
        json.WriteString("createdAt", AuditCheckpointJson.FormatTime(key.CreatedAt));
        json.WriteBase64String("publicKey", key.PublicKey);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static AuditPublicKey ReadKey(JsonElement key) => new(
        AuditCheckpointJson.Text(key, "keyId"), AuditCheckpointJson.Text(key, "node"), Time(key, "createdAt"), Base64(key, "publicKey"));

    internal static void WriteHandover(Utf8JsonWriter json, AuditKeyHandover handover)
    {
        json.WriteStartObject();
        json.WriteStartObject("handover");
        json.WriteString("node", handover.NodeId);
        json.WriteString("oldKeyId", handover.OldKeyId);
        json.WriteString("newKeyId", handover.NewKeyId);
        json.WriteBase64String("newPublicKey", handover.NewPublicKey);
        json.WriteString("time", AuditCheckpointJson.FormatTime(handover.Time));
        json.WriteString("signature", Convert.ToHexStringLower(handover.Signature));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static AuditKeyHandover ReadHandover(JsonElement handover) => new(
        AuditCheckpointJson.Text(handover, "node"), AuditCheckpointJson.Text(handover, "oldKeyId"), AuditCheckpointJson.Text(handover, "newKeyId"),
        Base64(handover, "newPublicKey"), Time(handover, "time"), AuditCheckpointJson.Hex(handover, "signature"));

    internal static void WriteCheckpoint(Utf8JsonWriter json, AuditCheckpoint checkpoint)
    {
        json.WriteStartObject();
        json.WritePropertyName("checkpoint");
        AuditCheckpointJson.Write(json, checkpoint);
        json.WriteEndObject();
    }

    internal static void WriteRecord(Utf8JsonWriter json, StoredAuditRecord row)
    {
        json.WriteStartObject();
        json.WriteStartObject("record");
        json.WriteNumber("sequence", row.Sequence);
        json.WriteString("hash", Convert.ToHexStringLower(row.Hash));
        json.WriteBase64String("bytes", row.Encoded);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// A record line as the verifier reads a stored row: the query columns are taken from the bytes (an archive has
    /// none of its own), or left empty when the bytes are no record, which the verifier then reports.
    /// </summary>
    internal static StoredAuditRecord ReadRecord(string nodeId, JsonElement record)
    {
        long sequence = AuditCheckpointJson.Number(record, "sequence");
        byte[] hash = Hash(record, "hash");
        byte[] bytes = Base64(record, "bytes");
        try
        {
            AuditRecordSummary summary = AuditRecordCodec.DecodeSummary(bytes);
            return new StoredAuditRecord(nodeId, sequence, hash, bytes, summary.TimeMicroseconds, summary.Principal, summary.Operation, summary.FirstObjectId, summary.ResultStatus);
        }
        catch (FormatException)
        {
            return new StoredAuditRecord(nodeId, sequence, hash, bytes, 0, null, "", null, "");
        }
    }

    internal static void WriteEnd(Utf8JsonWriter json, long records)
    {
        json.WriteStartObject();
        json.WriteStartObject("end");
        json.WriteNumber("records", records);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static byte[] Hash(JsonElement element, string name)
    {
        byte[] hash = AuditCheckpointJson.Hex(element, name);
        return hash.Length == AuditRecordCodec.HashLength ? hash : throw new FormatException($"{name} is {hash.Length} bytes, not {AuditRecordCodec.HashLength}");
    }

    private static byte[] Base64(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out byte[]? bytes))
        {
            throw new FormatException($"{name} is missing or not base64");
        }

        return bytes;
    }

    private static DateTimeOffset Time(JsonElement element, string name)
    {
        string text = AuditCheckpointJson.Text(element, name);
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
            ? at
            : throw new FormatException($"{name} '{text}' is not a time");
    }
}
