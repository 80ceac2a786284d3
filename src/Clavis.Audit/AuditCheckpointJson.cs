using System.Globalization;
using System.Text.Json;
using Clavis.Core.Audit;

namespace Clavis.Audit;

/// <summary>
/// A signed checkpoint as one JSON object, for the copy kept outside the database
/// (<see cref="AuditCheckpointCopy"/>) and inside archive files (<see cref="AuditArchiveFormat"/>).
/// </summary>
/// <remarks>
/// STABLE FORMAT (files outlive the server that wrote them):
/// <c>{"node":"…","sequence":42,"headHash":"64 hex","time":"2026-01-31T12:00:00.123456Z","keyId":"…","signature":"128 hex"}</c>.
/// The time carries the microseconds the signature covers, so the signed bytes can be rebuilt exactly.
/// AuditCheckpointJsonTests pins a line.
/// </remarks>
public static class AuditCheckpointJson
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Writes <paramref name="checkpoint"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(checkpoint);
        json.WriteStartObject();
        json.WriteString("node", checkpoint.NodeId);
        json.WriteNumber("sequence", checkpoint.Sequence);
        json.WriteString("headHash", Convert.ToHexStringLower(checkpoint.HeadHash));
        json.WriteString("time", FormatTime(checkpoint.Time));
        json.WriteString("keyId", checkpoint.KeyId);
        json.WriteString("signature", Convert.ToHexStringLower(checkpoint.Signature));
        json.WriteEndObject();
    }

    /// <summary>The checkpoint as one line of JSON, without the line break.</summary>
    public static string ToLine(AuditCheckpoint checkpoint)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, checkpoint);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a checkpoint written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">A field is missing or malformed; the message names it.</exception>
    public static AuditCheckpoint Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a checkpoint is a JSON object");
        }

        byte[] head = Hex(element, "headHash");
        if (head.Length != AuditRecordCodec.HashLength)
        {
            throw new FormatException($"headHash is {head.Length} bytes, not {AuditRecordCodec.HashLength}");
        }

        string time = Text(element, "time");
        if (!DateTimeOffset.TryParseExact(time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            throw new FormatException($"time '{time}' is not {TimeFormat}");
        }

        return new AuditCheckpoint(Text(element, "node"), Number(element, "sequence"), head, at, Text(element, "keyId"), Hex(element, "signature"));
    }

    /// <summary>Reads one line written by <see cref="ToLine"/>.</summary>
    /// <exception cref="FormatException">The line is not JSON or not a checkpoint.</exception>
    public static AuditCheckpoint ReadLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON ({ex.Message})", ex);
        }
    }

    /// <summary>A time as these files write it: UTC with microseconds.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    internal static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{name} is missing or not a string");

    internal static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
            ? number
            : throw new FormatException($"{name} is missing or not an integer");

    internal static byte[] Hex(JsonElement element, string name)
    {
        string text = Text(element, name);
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{name} is not hexadecimal");
        }
    }
}
