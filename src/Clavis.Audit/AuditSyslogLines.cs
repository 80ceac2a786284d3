using System.Globalization;
using System.Text;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Writes journal records as RFC 5424 syslog messages, one per line, for <c>clavis audit export --format syslog</c>:
/// <c>&lt;PRI&gt;1 TIMESTAMP NODE clavis - OPERATION [clavis@32473 node="…" sequence="…" …] OPERATION STATUS</c>, with
/// every record field as a structured-data parameter under the names the JSON lines use (lists as one parameter per
/// value: <c>credentialType</c>, <c>claim="NAME=VALUE"</c>).
/// </summary>
/// <remarks>
/// Facility 13 (log audit); severity 6 (informational) for routine results, 5 (notice) for other failures and 4
/// (warning) for permission or authentication refusals. Clavis has no IANA enterprise number: the SD-ID uses 32473,
/// the one RFC 5612 sets aside for documentation, so a collector can tell it from registered ones.
/// RFC 5424 §6.3.3: inside a parameter value <c>"</c>, <c>\</c> and <c>]</c> are escaped with a backslash. A line
/// break in a value would end the message in a line-per-message file, so line feed and carriage return are written
/// as <c>\n</c> and <c>\r</c> (a receiver that does not know this shows those two characters; nothing is lost).
/// HOSTNAME (the node) and MSGID (the operation) fall back to <c>-</c> when they are not printable ASCII within
/// RFC 5424's lengths; the values are still in the structured data.
/// </remarks>
public static class AuditSyslogLines
{
    private const int Facility = 13;
    private const string StructuredDataId = "clavis@32473";

    /// <summary>Writes <paramref name="row"/> as one syslog line to <paramref name="output"/>.</summary>
    /// <exception cref="FormatException">The stored bytes are not a record (run <c>audit verify</c>).</exception>
    public static void Write(TextWriter output, StoredAuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Line(row));
    }

    /// <summary>The syslog message of <paramref name="row"/>, without the line break.</summary>
    /// <exception cref="FormatException">The stored bytes are not a record.</exception>
    public static string Line(StoredAuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        AuditEntry entry = AuditRecordCodec.Decode(row.Encoded);
        AuditRecord r = entry.Record;
        int severity = AuditSeverities.Of(r) switch
        {
            AuditSeverity.Refused => 4,
            AuditSeverity.Failed => 5,
            _ => 6,
        };
        var line = new StringBuilder(512);
        line.Append('<').Append((Facility * 8) + severity).Append(">1 ")
            .Append(AuditCheckpointJson.FormatTime(r.Time)).Append(' ')
            .Append(HeaderField(entry.NodeId, 255)).Append(' ')
            .Append("clavis - ")
            .Append(HeaderField(r.Operation, 32)).Append(' ')
            .Append('[').Append(StructuredDataId);

        Parameter(line, "node", entry.NodeId);
        Parameter(line, "sequence", entry.Sequence);
        Parameter(line, "hash", Convert.ToHexStringLower(row.Hash));
        Parameter(line, "previousHash", Convert.ToHexStringLower(entry.PreviousHash));
        Parameter(line, "source", r.Source.ToString());
        Parameter(line, "operation", r.Operation);
        Parameter(line, "principal", r.Principal);
        Parameter(line, "certificateFingerprint", r.CertificateFingerprint);
        Parameter(line, "clientAddress", r.ClientAddress);
        Parameter(line, "sessionId", r.SessionId);
        Parameter(line, "requestId", r.RequestId);
        Parameter(line, "batchItem", r.BatchItemIndex);
        Parameter(line, "batchItemCount", r.BatchItemCount);
        if (r.ObjectIds.Count > 0)
        {
            Parameter(line, "objectIds", string.Join(',', r.ObjectIds));
            Parameter(line, "objectCount", r.ObjectCount);
        }

        Parameter(line, "objectType", r.ObjectType);
        Parameter(line, "cryptographicAlgorithm", r.CryptographicAlgorithm);
        Parameter(line, "cryptographicLength", r.CryptographicLength);
        Parameter(line, "cryptographicUsageMask", r.CryptographicUsageMask);
        Parameter(line, "state", r.State);
        Parameter(line, "resultStatus", r.ResultStatus);
        Parameter(line, "resultReason", r.ResultReason);
        Parameter(line, "message", r.Message);
        Parameter(line, "dataSize", r.DataSize);
        Parameter(line, "policyDecision", r.PolicyDecision);
        Parameter(line, "policyRule", r.PolicyRule);
        Parameter(line, "policyReason", r.PolicyReason);
        Parameter(line, "deviceType", r.DeviceType);
        Parameter(line, "deviceClass", r.DeviceClass);
        Parameter(line, "application", r.Application);
        Parameter(line, "softwareLevel", r.SoftwareLevel);
        Parameter(line, "hardwareLevel", r.HardwareLevel);

        // Lists repeat their parameter, one value each, so no separator needs escaping.
        foreach (string type in r.CredentialTypes)
        {
            Parameter(line, "credentialType", type);
        }

        foreach ((string name, string value) in r.Claims)
        {
            Parameter(line, "claim", $"{name}={value}");
        }

        Parameter(line, "usageCount", r.UsageCount);
        line.Append("] ");

        // MSG for a person skimming the log; control characters would break the line, so they become spaces.
        foreach (char c in $"{r.Operation} {r.ResultStatus}")
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString();
    }

    // RFC 5424 §6: HOSTNAME and MSGID are 1*N PRINTUSASCII (33-126), or the NILVALUE.
    private static string HeaderField(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength && value.All(c => c is >= '!' and <= '~') ? value : "-";

    private static void Parameter(StringBuilder line, string name, long? value)
    {
        if (value is long present)
        {
            Parameter(line, name, present.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Parameter(StringBuilder line, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        line.Append(' ').Append(name).Append("=\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"' or '\\' or ']':
                    line.Append('\\').Append(c);
                    break;
                case '\n':
                    line.Append(@"\n");
                    break;
                case '\r':
                    line.Append(@"\r");
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }

        line.Append('"');
    }
}
