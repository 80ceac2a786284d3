using System.Text.Json;

namespace Clavis.Audit;

/// <summary>
/// An <see cref="AuditVerification"/> as JSON, the answer of <c>GET /admin/v1/audit/verify</c>, which
/// <c>clavis audit verify --server</c> reads back to print the same report as the offline form.
/// </summary>
/// <remarks>
/// <c>{"intact":true,"recordsChecked":N,"checkpointsChecked":N,"checkpointCopiesChecked":N,"elapsedSeconds":0.12,
/// "chains":[{"node":"…","lastSequence":N,"lastSignedSequence":N|null}],
/// "breaks":[{"kind":"TruncatedTail","node":"…","sequence":N,"message":"…"}],"notes":["…"]}</c>
/// </remarks>
public static class AuditVerificationJson
{
    /// <summary>Writes <paramref name="verification"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, AuditVerification verification)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(verification);
        json.WriteStartObject();
        json.WriteBoolean("intact", verification.IsIntact);
        json.WriteNumber("recordsChecked", verification.RecordsChecked);
        json.WriteNumber("checkpointsChecked", verification.CheckpointsChecked);
        json.WriteNumber("checkpointCopiesChecked", verification.CheckpointCopiesChecked);
        json.WriteNumber("elapsedSeconds", Math.Round(verification.Elapsed.TotalSeconds, 3));
        json.WriteStartArray("chains");
        foreach ((string node, long last, long? signed) in verification.Chains)
        {
            json.WriteStartObject();
            json.WriteString("node", node);
            json.WriteNumber("lastSequence", last);
            if (signed is long at)
            {
                json.WriteNumber("lastSignedSequence", at);
            }
            else
            {
                json.WriteNull("lastSignedSequence");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("breaks");
        foreach (AuditBreak broken in verification.Breaks)
        {
            json.WriteStartObject();
            json.WriteString("kind", broken.Kind.ToString());
            json.WriteString("node", broken.NodeId);
            json.WriteNumber("sequence", broken.Sequence);
            json.WriteString("message", broken.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notes");
        foreach (string note in verification.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The JSON text of <paramref name="verification"/>.</summary>
    public static string ToJson(AuditVerification verification)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, verification);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">The JSON is not a verification report; the message says what is wrong.</exception>
    public static AuditVerification Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a verification report is a JSON object");
            }

            var verification = new AuditVerification
            {
                RecordsChecked = AuditCheckpointJson.Number(root, "recordsChecked"),
                CheckpointsChecked = checked((int)AuditCheckpointJson.Number(root, "checkpointsChecked")),
                CheckpointCopiesChecked = checked((int)AuditCheckpointJson.Number(root, "checkpointCopiesChecked")),
                Elapsed = TimeSpan.FromSeconds(root.TryGetProperty("elapsedSeconds", out JsonElement seconds) && seconds.TryGetDouble(out double value) ? value : 0),
            };
            foreach (JsonElement chain in Array(root, "chains"))
            {
                long? signed = chain.TryGetProperty("lastSignedSequence", out JsonElement at) && at.ValueKind == JsonValueKind.Number ? at.GetInt64() : null;
                verification.Chains.Add((AuditCheckpointJson.Text(chain, "node"), AuditCheckpointJson.Number(chain, "lastSequence"), signed));
            }

            foreach (JsonElement broken in Array(root, "breaks"))
            {
                string kind = AuditCheckpointJson.Text(broken, "kind");
                if (!Enum.TryParse(kind, ignoreCase: false, out AuditBreakKind parsed) || !Enum.IsDefined(parsed))
                {
                    throw new FormatException($"break kind '{kind}' is unknown");
                }

                verification.Breaks.Add(new AuditBreak(parsed, AuditCheckpointJson.Text(broken, "node"), AuditCheckpointJson.Number(broken, "sequence"), AuditCheckpointJson.Text(broken, "message")));
            }

            foreach (JsonElement note in Array(root, "notes"))
            {
                verification.Notes.Add(note.GetString() ?? throw new FormatException("a note is not a string"));
            }

            bool intact = root.TryGetProperty("intact", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
            if (intact != verification.IsIntact)
            {
                throw new FormatException("the report says intact but lists breaks, or the reverse");
            }

            return verification;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"not a verification report ({ex.Message})", ex);
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"{name} is missing or not an array");
}
