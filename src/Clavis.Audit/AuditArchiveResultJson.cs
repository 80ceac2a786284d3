using System.Text.Json;

namespace Clavis.Audit;

/// <summary>
/// An <see cref="AuditArchiveResult"/> as JSON, the answer of <c>POST /admin/v1/audit/archive</c>:
/// <c>{"node":"…","firstSequence":F,"lastSequence":L,"headHash":"hex","file":"…","sha256":"hex","records":N,"bytes":N,"removed":N,"elapsedSeconds":1.2}</c>.
/// </summary>
public static class AuditArchiveResultJson
{
    /// <summary>The JSON text of <paramref name="result"/>.</summary>
    public static string ToJson(AuditArchiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("node", result.Anchor.NodeId);
            json.WriteNumber("firstSequence", result.Anchor.FirstSequence);
            json.WriteNumber("lastSequence", result.Anchor.LastSequence);
            json.WriteString("headHash", Convert.ToHexStringLower(result.Anchor.LastHash));
            json.WriteString("file", result.FilePath);
            json.WriteString("sha256", Convert.ToHexStringLower(result.Anchor.FileSha256));
            json.WriteNumber("records", result.Records);
            json.WriteNumber("bytes", result.FileBytes);
            json.WriteNumber("removed", result.RemovedRecords);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">The JSON is not an archive result.</exception>
    public static AuditArchiveResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string file = AuditCheckpointJson.Text(root, "file");
            var anchor = new Core.Ports.AuditArchiveAnchor(
                AuditCheckpointJson.Text(root, "node"), AuditCheckpointJson.Number(root, "firstSequence"), AuditCheckpointJson.Number(root, "lastSequence"),
                AuditCheckpointJson.Hex(root, "headHash"), Path.GetFileName(file), AuditCheckpointJson.Hex(root, "sha256"), DateTimeOffset.MinValue);
            double seconds = root.TryGetProperty("elapsedSeconds", out JsonElement elapsed) && elapsed.TryGetDouble(out double value) ? value : 0;
            return new AuditArchiveResult(anchor, file, AuditCheckpointJson.Number(root, "records"), AuditCheckpointJson.Number(root, "bytes"),
                AuditCheckpointJson.Number(root, "removed"), TimeSpan.FromSeconds(seconds));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not an archive result ({ex.Message})", ex);
        }
    }
}
