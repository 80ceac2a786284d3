using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Writes journal records as JSON lines (one object per line) for <c>clavis audit export</c> and
/// <c>query --json</c>: every record field, with the node, sequence and hash that place it in its chain.
/// Fields that are absent are left out.
/// </summary>
public static class AuditJsonLines
{
    /// <summary>Writes <paramref name="row"/> as one line to <paramref name="output"/>.</summary>
    /// <exception cref="FormatException">The stored bytes are not a record (run <c>audit verify</c>).</exception>
    public static void Write(TextWriter output, StoredAuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(row);
        AuditEntry entry = AuditRecordCodec.Decode(row.Encoded);
        AuditRecord r = entry.Record;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("node", entry.NodeId);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("hash", Convert.ToHexStringLower(row.Hash));
            json.WriteString("previousHash", Convert.ToHexStringLower(entry.PreviousHash));
            json.WriteString("time", r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("source", r.Source.ToString());
            json.WriteString("operation", r.Operation);
            Optional(json, "principal", r.Principal);
            Optional(json, "certificateFingerprint", r.CertificateFingerprint);
            Optional(json, "clientAddress", r.ClientAddress);
            if (r.SessionId is long session)
            {
                json.WriteNumber("sessionId", session);
            }

            Optional(json, "requestId", r.RequestId);
            if (r.BatchItemIndex is int index)
            {
                json.WriteNumber("batchItem", index);
            }

            if (r.BatchItemCount is int items)
            {
                json.WriteNumber("batchItemCount", items);
            }

            if (r.ObjectIds.Count > 0)
            {
                json.WriteStartArray("objectIds");
                foreach (string id in r.ObjectIds)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteNumber("objectCount", r.ObjectCount);
            }

            Optional(json, "objectType", r.ObjectType);
            Optional(json, "cryptographicAlgorithm", r.CryptographicAlgorithm);
            if (r.CryptographicLength is int length)
            {
                json.WriteNumber("cryptographicLength", length);
            }

            if (r.CryptographicUsageMask is int mask)
            {
                json.WriteNumber("cryptographicUsageMask", mask);
            }

            Optional(json, "state", r.State);
            json.WriteString("resultStatus", r.ResultStatus);
            Optional(json, "resultReason", r.ResultReason);
            Optional(json, "message", r.Message);
            if (r.DataSize is long size)
            {
                json.WriteNumber("dataSize", size);
            }

            // Format version 2's fields: the policy's decision, and what the principal is and presented.
            Optional(json, "policyDecision", r.PolicyDecision);
            Optional(json, "policyRule", r.PolicyRule);
            Optional(json, "policyReason", r.PolicyReason);
            Optional(json, "deviceType", r.DeviceType);
            Optional(json, "deviceClass", r.DeviceClass);
            Optional(json, "application", r.Application);
            if (r.SoftwareLevel is int software)
            {
                json.WriteNumber("softwareLevel", software);
            }

            if (r.HardwareLevel is int hardware)
            {
                json.WriteNumber("hardwareLevel", hardware);
            }

            if (r.CredentialTypes.Count > 0)
            {
                json.WriteStartArray("credentialTypes");
                foreach (string type in r.CredentialTypes)
                {
                    json.WriteStringValue(type);
                }

                json.WriteEndArray();
            }

            if (r.Claims.Count > 0)
            {
                json.WriteStartObject("claims");
                foreach ((string name, string value) in r.Claims)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
            }

            if (r.UsageCount is long uses)
            {
                json.WriteNumber("usageCount", uses);
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
