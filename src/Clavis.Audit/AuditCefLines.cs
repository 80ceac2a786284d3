using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Writes journal records as ArcSight Common Event Format lines (CEF rev 25) for <c>clavis audit export --format cef</c>:
/// <c>CEF:0|Clavis|Clavis KMS|VERSION|OPERATION|OPERATION STATUS|SEVERITY|EXTENSIONS</c>. docs/audit.md lists the keys.
/// </summary>
/// <remarks>
/// Escaping as CEF rev 25 says: in the header a backslash becomes <c>\\</c> and a pipe <c>\|</c> (the header
/// cannot hold a line break, so one becomes a space); in extension values a backslash becomes <c>\\</c>, an equals
/// sign <c>\=</c>, a line feed <c>\n</c> and a carriage return <c>\r</c>. Every value comes from a record, which
/// whoever names a principal or an object chooses: nothing unescaped reaches the line.
/// </remarks>
public static class AuditCefLines
{
    /// <summary>Writes <paramref name="row"/> as one CEF line to <paramref name="output"/>.</summary>
    /// <param name="output">Where the line goes.</param>
    /// <param name="row">The stored record.</param>
    /// <param name="productVersion">The Device Version header field (the exporting Clavis's version).</param>
    /// <exception cref="FormatException">The stored bytes are not a record (run <c>audit verify</c>).</exception>
    public static void Write(TextWriter output, StoredAuditRecord row, string productVersion)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(productVersion);
        output.WriteLine(Line(row, productVersion));
    }

    /// <summary>The CEF line of <paramref name="row"/>, without the line break.</summary>
    /// <exception cref="FormatException">The stored bytes are not a record.</exception>
    public static string Line(StoredAuditRecord row, string productVersion)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(productVersion);
        AuditEntry entry = AuditRecordCodec.Decode(row.Encoded);
        AuditRecord r = entry.Record;
        var line = new StringBuilder(512);
        line.Append("CEF:0|Clavis|Clavis KMS|");
        Header(line, productVersion);
        Header(line, r.Operation);
        Header(line, $"{r.Operation} {r.ResultStatus}");
        line.Append(Severity(AuditSeverities.Of(r)).ToString(CultureInfo.InvariantCulture)).Append('|');

        var extensions = new List<(string Key, string? Value)>
        {
            ("rt", (AuditRecordCodec.ToMicroseconds(r.Time) / 1000).ToString(CultureInfo.InvariantCulture)),
            ("deviceExternalId", entry.NodeId),
            ("cat", r.Source.ToString()),
            ("act", r.Operation),
            ("outcome", r.ResultStatus),
            ("reason", r.ResultReason),
            ("suser", r.Principal),
        };
        if (r.ClientAddress is string address)
        {
            extensions.AddRange(IPEndPoint.TryParse(address, out IPEndPoint? endPoint)
                ? [("src", endPoint.Address.ToString()), ("spt", endPoint.Port.ToString(CultureInfo.InvariantCulture))]
                : [("shost", address)]);
        }

        extensions.AddRange(
        [
            ("msg", r.Message),
            ("cn1Label", "sequence"), ("cn1", entry.Sequence.ToString(CultureInfo.InvariantCulture)),
            ("cn2Label", "sessionId"), ("cn2", Number(r.SessionId)),
            ("cn3Label", "dataSize"), ("cn3", Number(r.DataSize)),
            // CEF's own "how many times was this event observed": the batch items one record stands for.
            ("cnt", Number(r.BatchItemCount)),
            ("cs1Label", "objectIds"), ("cs1", r.ObjectIds.Count > 0 ? string.Join(',', r.ObjectIds) : null),
            ("cs2Label", "certificateFingerprint"), ("cs2", r.CertificateFingerprint),
            ("cs3Label", "requestId"), ("cs3", r.RequestId),
            ("cs4Label", "objectType"), ("cs4", r.ObjectType),
            ("cs5Label", "policyDecision"), ("cs5", r.PolicyDecision),
            ("cs6Label", "policyRule"), ("cs6", r.PolicyRule),
            ("requestClientApplication", r.Application),
            ("flexNumber1Label", "cryptographicLength"), ("flexNumber1", Number(r.CryptographicLength)),
            ("flexNumber2Label", "cryptographicUsageMask"), ("flexNumber2", Number(r.CryptographicUsageMask)),
            ("flexString1Label", "hash"), ("flexString1", Convert.ToHexStringLower(row.Hash)),
            ("flexString2Label", "previousHash"), ("flexString2", Convert.ToHexStringLower(entry.PreviousHash)),
        ]);

        bool first = true;
        for (int i = 0; i < extensions.Count; i++)
        {
            (string key, string? value) = extensions[i];
            // A label without its value says nothing: skip both.
            if (value is null || (key.EndsWith("Label", StringComparison.Ordinal) && extensions[i + 1].Value is null))
            {
                continue;
            }

            if (!first)
            {
                line.Append(' ');
            }

            first = false;
            line.Append(key).Append('=');
            Extension(line, value);
        }

        return line.ToString();
    }

    // CEF severity 0-10: routine 3 (low), other failures 5 (medium), refusals 8 (high).
    private static int Severity(AuditSeverity severity) => severity switch
    {
        AuditSeverity.Refused => 8,
        AuditSeverity.Failed => 5,
        _ => 3,
    };

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void Header(StringBuilder line, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    line.Append(@"\\");
                    break;
                case '|':
                    line.Append(@"\|");
                    break;
                case '\r' or '\n':
                    // CEF rev 25: multiple lines are allowed only in extension values.
                    line.Append(' ');
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }

        line.Append('|');
    }

    private static void Extension(StringBuilder line, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    line.Append(@"\\");
                    break;
                case '=':
                    line.Append(@"\=");
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
    }
}
