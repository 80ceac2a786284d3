using System.CommandLine;
using System.Globalization;
using Clavis.Audit;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis audit verify|query|export|archive</c>: the audit journal of a data folder, read straight from its
/// database (read-only; a running server keeps writing meanwhile), or verified through a running node's admin
/// API. docs/audit.md describes the output.
/// </summary>
public static partial class AuditCommand
{
    /// <summary>Exit code of <c>verify</c> when every chain and checkpoint is intact.</summary>
    public const int Intact = 0;

    /// <summary>Exit code of <c>verify</c> when a chain or checkpoint is broken.</summary>
    public const int Broken = 1;

    /// <summary>Exit code when the journal cannot be read or the arguments are wrong.</summary>
    public const int Unusable = 2;

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var audit = new Command("audit", "Verify, query, export and archive the tamper-evident audit journal.");
        audit.Subcommands.Add(CreateVerify());
        audit.Subcommands.Add(CreateQuery());
        audit.Subcommands.Add(CreateExport());
        audit.Subcommands.Add(CreateArchive());
        return audit;
    }

    private static Option<string> DataOption() => new("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => "./clavis-data" };

    private static Command CreateQuery()
    {
        var query = new Command("query", "List records by object, principal, operation, result and time (newest first).");
        Option<string> data = DataOption();
        var objectId = new Option<string?>("--object") { Description = "Records whose first object is this Unique Identifier." };
        var principal = new Option<string?>("--principal") { Description = "Records of this identity." };
        var operation = new Option<string?>("--operation") { Description = "Records of this operation (Get, Create, Suspend, …)." };
        var result = new Option<string?>("--result") { Description = "Records with this Result Status (Success, OperationFailed, …)." };
        var node = new Option<string?>("--node") { Description = "Records of this node." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Records at or after this time (ISO 8601)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Records before this time (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "Most records shown (0: all).", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "JSON lines instead of a table." };
        foreach (Option option in new Option[] { data, objectId, principal, operation, result, node, since, until, limit, json })
        {
            query.Options.Add(option);
        }

        query.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            try
            {
                using SqliteAuditReader reader = SqliteAuditReader.Open(DatabasePath(parse.GetValue(data)!));
                int most = parse.GetValue(limit);
                var filter = new AuditQuery
                {
                    ObjectId = parse.GetValue(objectId),
                    Principal = parse.GetValue(principal),
                    Operation = parse.GetValue(operation),
                    ResultStatus = parse.GetValue(result),
                    NodeId = parse.GetValue(node),
                    From = parse.GetValue(since),
                    To = parse.GetValue(until),
                    Limit = most > 0 ? most : null,
                };
                bool asJson = parse.GetValue(json);
                WriteSpoolNotes(reader, parse.InvocationConfiguration.Error, "clavis audit query");
                foreach (StoredAuditRecord row in reader.Query(filter))
                {
                    if (asJson)
                    {
                        AuditJsonLines.Write(output, row);
                    }
                    else
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{Core.Audit.AuditRecordCodec.FromMicroseconds(row.TimeMicroseconds):yyyy-MM-dd HH:mm:ss.ffffff}  {row.NodeId}#{row.Sequence}  {row.Principal ?? "-"}  {row.Operation}{ItemsSuffix(row)}  {row.ObjectId ?? "-"}  {row.ResultStatus}"));
                    }
                }

                return 0;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or FormatException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis audit query: {ex.Message}");
                return Unusable;
            }
        });
        return query;
    }

    // A record that stands for several alike batch items shows how many ("Encrypt ×10"). Only format 3 records can
    // be folded, so older ones are not decoded for this.
    private static string ItemsSuffix(StoredAuditRecord row) =>
        row.Encoded.Length > 0 && row.Encoded[0] >= 3 && Core.Audit.AuditRecordCodec.Decode(row.Encoded).Record.BatchItemCount is int items
            ? string.Create(CultureInfo.InvariantCulture, $" ×{items}")
            : "";

    private static Command CreateExport()
    {
        var export = new Command("export", "Write a chain's records as JSON lines, CEF or RFC 5424 syslog lines, in sequence order.");
        Option<string> data = DataOption();
        var format = new Option<string>("--format") { Description = "jsonl (every field, with the chain links), cef (ArcSight CEF rev 25) or syslog (RFC 5424).", DefaultValueFactory = _ => "jsonl" };
        var node = new Option<string?>("--node") { Description = "Only this node's chain (default: every node, one after another)." };
        var from = new Option<long?>("--from") { Description = "First sequence number (default 1)." };
        var to = new Option<long?>("--to") { Description = "Last sequence number (default: the end)." };
        var file = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        foreach (Option option in new Option[] { data, node, from, to, file, format })
        {
            export.Options.Add(option);
        }

        export.SetAction(parse =>
        {
            Action<TextWriter, StoredAuditRecord>? write = parse.GetValue(format) switch
            {
                "jsonl" => AuditJsonLines.Write,
                "cef" => (writer, row) => AuditCefLines.Write(writer, row, ClavisCommand.Version),
                "syslog" => AuditSyslogLines.Write,
                _ => null,
            };
            if (write is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis audit export: --format is jsonl, cef or syslog, not '{parse.GetValue(format)}'");
                return Unusable;
            }

            try
            {
                using SqliteAuditReader reader = SqliteAuditReader.Open(DatabasePath(parse.GetValue(data)!));
                string? path = parse.GetValue(file);
                using TextWriter? fileWriter = path is null ? null : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
                TextWriter output = fileWriter ?? parse.InvocationConfiguration.Output;
                WriteSpoolNotes(reader, parse.InvocationConfiguration.Error, "clavis audit export");
                IReadOnlyList<string> nodes = parse.GetValue(node) is string only ? [only] : reader.ReadNodes();
                foreach (string chain in nodes)
                {
                    foreach (StoredAuditRecord row in reader.ReadRecords(chain, parse.GetValue(from) ?? 1, parse.GetValue(to)))
                    {
                        write(output, row);
                    }
                }

                return 0;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or FormatException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis audit export: {ex.Message}");
                return Unusable;
            }
        });
        return export;
    }

    private static string DatabasePath(string folder) => Path.Combine(Path.GetFullPath(folder), "clavis.db");

    // Offline commands read the database; records a node acknowledged but has not moved in from its audit spool yet
    // are not in it, so they are counted and said (docs/audit.md, "The audit spool").
    private static IEnumerable<string> SpoolNotes(SqliteAuditReader reader) =>
        reader.CountSpooledRecords().OrderBy(waiting => waiting.Key, StringComparer.Ordinal).Select(waiting => string.Create(CultureInfo.InvariantCulture,
            $"{waiting.Value} records of node {waiting.Key} wait in the audit spool and are not in the database read here; a running node moves them in within about a second, a stopped one when it next starts"));

    /// <summary>
    /// Tells, on <paramref name="error"/>, how many audit records of the database at <paramref name="databasePath"/>
    /// wait in its audit spool (for commands that read the journal's usage figures, such as the inventory).
    /// </summary>
    internal static void WriteSpoolNotes(string databasePath, TextWriter error, string command)
    {
        SqliteAuditReader reader;
        try
        {
            reader = SqliteAuditReader.Open(databasePath);
        }
        catch (StoreUnavailableException)
        {
            // No journal (a database from before it): nothing can wait to go into it.
            return;
        }

        using (reader)
        {
            WriteSpoolNotes(reader, error, command);
        }
    }

    private static void WriteSpoolNotes(SqliteAuditReader reader, TextWriter error, string command)
    {
        foreach (string note in SpoolNotes(reader))
        {
            error.WriteLine($"{command}: {note}");
        }
    }
}
