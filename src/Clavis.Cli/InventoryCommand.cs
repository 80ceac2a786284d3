using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clavis.Core.Inventory;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis inventory</c>: what a data folder's store holds and which keys need attention (rotation due,
/// Active past their dates, never used, refused), read straight from its database, read-only, while a
/// server may be running. docs/audit.md ("Inventory") describes the output.
/// </summary>
public static class InventoryCommand
{
    /// <summary>Exit code when the store cannot be read or the arguments are wrong.</summary>
    public const int Unusable = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inventory = new Command("inventory", "Count objects by type, state, algorithm, length, owner and group; list keys due for rotation, Active past their dates, never used, and refused requests per object.");
        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => "./clavis-data" };
        var json = new Option<bool>("--json") { Description = "One JSON document instead of tables." };
        var dueWithin = new Option<int>("--due-within") { Description = "Days ahead a rotation counts as due (0: only overdue).", DefaultValueFactory = _ => 30 };
        var limit = new Option<int>("--limit") { Description = "Most entries per list (0: all); counts always cover every object.", DefaultValueFactory = _ => 100 };
        foreach (Option option in new Option[] { data, json, dueWithin, limit })
        {
            inventory.Options.Add(option);
        }

        inventory.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            int days = parse.GetValue(dueWithin);
            int most = parse.GetValue(limit);
            if (days < 0 || most < 0)
            {
                error.WriteLine("clavis inventory: --due-within and --limit take a number of 0 or more");
                return Unusable;
            }

            try
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                string database = Path.Combine(Path.GetFullPath(parse.GetValue(data)!), "clavis.db");
                InventoryReport report = Build(database, DateTimeOffset.UtcNow, TimeSpan.FromDays(days), most);
                started.Stop();

                // Uses still in the audit spool are not counted in "used" and "last used" until they are in the database.
                AuditCommand.WriteSpoolNotes(database, error, "clavis inventory");
                if (parse.GetValue(json))
                {
                    WriteJson(parse.InvocationConfiguration.Output, report);
                }
                else
                {
                    WriteTables(parse.InvocationConfiguration.Output, report, started.Elapsed);
                }

                return 0;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"clavis inventory: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}");
                return Unusable;
            }
        });
        return inventory;
    }

    /// <summary>Reads the database at <paramref name="databasePath"/> and builds the report.</summary>
    /// <exception cref="StoreUnavailableException">The database is missing, unreadable or damaged.</exception>
    public static InventoryReport Build(string databasePath, DateTimeOffset now, TimeSpan dueWithin, int listLimit)
    {
        using SqliteInventoryReader reader = SqliteInventoryReader.Open(databasePath);
        var builder = new InventoryBuilder(now, dueWithin, listLimit, reader.HasAuditJournal);
        foreach (ObjectAuditTally tally in reader.ReadObjectAuditTallies())
        {
            builder.AddAuditTally(tally);
        }

        foreach ((string objectId, long count) in reader.ReadPolicyDenials())
        {
            builder.AddPolicyDenials(objectId, count);
        }

        foreach (ManagedObject managedObject in reader.ReadObjects())
        {
            builder.AddObject(managedObject);
        }

        return builder.Build();
    }

    private static void WriteTables(TextWriter output, InventoryReport report, TimeSpan took)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.ObjectCount} objects at {report.GeneratedAt:yyyy-MM-dd HH:mm:ss}Z (read in {took.TotalSeconds:F2} s)"));
        Counts(output, "Object Type", report.ByType);
        Counts(output, "State", report.ByState);
        Counts(output, "Cryptographic Algorithm", report.ByAlgorithm);
        Counts(output, "Cryptographic Length", report.ByLength);
        Counts(output, "Owner", report.ByOwner);
        Counts(output, "Object Group", report.ByGroup);

        Heading(output, string.Create(CultureInfo.InvariantCulture, $"Rotation due within {report.DueWithin.TotalDays:0} days or overdue: {report.RotationDueCount}"));
        Table(output, ["id", "owner", "due", ""], report.RotationDue.Select(k => new[] { k.Id, k.Owner, Time(k.Due), k.Overdue ? "OVERDUE" : "" }), report.RotationDueCount);

        Heading(output, $"Active past Deactivation Date or Protect Stop Date: {report.ActivePastDatesCount}");
        Table(output, ["id", "owner", "deactivation date", "protect stop date"],
            report.ActivePastDates.Select(k => new[] { k.Id, k.Owner, Time(k.DeactivationDate), Time(k.ProtectStopDate) }), report.ActivePastDatesCount);

        if (report.HasAuditJournal)
        {
            Heading(output, $"Keys never used (no successful Get, Encrypt, Decrypt, Sign, Signature Verify, MAC or MAC Verify): {report.NeverUsedCount}");
            Table(output, ["id", "type", "owner"], report.NeverUsed.Select(k => new[] { k.Id, k.ObjectType, k.Owner }), report.NeverUsedCount);
            Heading(output, $"Used to protect data (Encrypt, Sign, MAC) after the Protect Stop Date: {report.ProtectedAfterStopCount}");
            Table(output, ["id", "owner", "protect stop date", "last protect"],
                report.ProtectedAfterStop.Select(k => new[] { k.Id, k.Owner, Time(k.ProtectStopDate), Time(k.LastProtect) }), report.ProtectedAfterStopCount);
            Heading(output, $"Objects with refused requests: {report.RefusedObjectCount}");
            Table(output, ["id", "refused", "by policy", "operations"],
                report.Refusals.Select(r => new[] { r.Id, r.Count.ToString(CultureInfo.InvariantCulture), r.PolicyDenied.ToString(CultureInfo.InvariantCulture), string.Join(", ", r.ByOperation.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value}"))) }),
                report.RefusedObjectCount);
        }
        else
        {
            Heading(output, "No audit journal in this database: use and refusals cannot be reported");
        }
    }

    private static void Counts(TextWriter output, string name, IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        Heading(output, $"By {name}");
        Table(output, [name.ToLowerInvariant(), "objects"], counts.Select(c => new[] { c.Key, c.Value.ToString(CultureInfo.InvariantCulture) }), counts.Count);
    }

    private static void Heading(TextWriter output, string heading)
    {
        output.WriteLine();
        output.WriteLine(heading);
    }

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows, long total)
    {
        string[][] all = [header, .. rows];
        if (all.Length == 1)
        {
            output.WriteLine("  (none)");
            return;
        }

        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length))];
        var line = new StringBuilder();
        foreach (string[] row in all)
        {
            line.Clear().Append("  ");
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }

        if (total > all.Length - 1)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {total - (all.Length - 1)} more (--limit)"));
        }
    }

    private static string Time(DateTimeOffset? time) =>
        time is DateTimeOffset at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static void WriteJson(TextWriter output, InventoryReport report)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", report.GeneratedAt);
            json.WriteNumber("dueWithinDays", report.DueWithin.TotalDays);
            json.WriteBoolean("auditJournal", report.HasAuditJournal);
            json.WriteNumber("objectCount", report.ObjectCount);
            CountsJson(json, "byObjectType", report.ByType);
            CountsJson(json, "byState", report.ByState);
            CountsJson(json, "byCryptographicAlgorithm", report.ByAlgorithm);
            CountsJson(json, "byCryptographicLength", report.ByLength);
            CountsJson(json, "byOwner", report.ByOwner);
            CountsJson(json, "byObjectGroup", report.ByGroup);

            Listed(json, "rotationDue", report.RotationDueCount, "keys", report.RotationDue, key =>
            {
                json.WriteString("uniqueIdentifier", key.Id);
                json.WriteString("owner", key.Owner);
                json.WriteString("due", key.Due);
                json.WriteBoolean("overdue", key.Overdue);
            });

            Listed(json, "activePastDates", report.ActivePastDatesCount, "keys", report.ActivePastDates, key =>
            {
                json.WriteString("uniqueIdentifier", key.Id);
                json.WriteString("owner", key.Owner);
                OptionalTime(json, "deactivationDate", key.DeactivationDate);
                OptionalTime(json, "protectStopDate", key.ProtectStopDate);
            });

            if (report.HasAuditJournal)
            {
                Listed(json, "neverUsed", report.NeverUsedCount, "keys", report.NeverUsed, key =>
                {
                    json.WriteString("uniqueIdentifier", key.Id);
                    json.WriteString("objectType", key.ObjectType);
                    json.WriteString("owner", key.Owner);
                });

                Listed(json, "protectedAfterStop", report.ProtectedAfterStopCount, "keys", report.ProtectedAfterStop, key =>
                {
                    json.WriteString("uniqueIdentifier", key.Id);
                    json.WriteString("owner", key.Owner);
                    json.WriteString("protectStopDate", key.ProtectStopDate);
                    json.WriteString("lastProtect", key.LastProtect);
                });

                Listed(json, "refusals", report.RefusedObjectCount, "objects", report.Refusals, refused =>
                {
                    json.WriteString("uniqueIdentifier", refused.Id);
                    json.WriteNumber("count", refused.Count);
                    json.WriteNumber("policyDenied", refused.PolicyDenied);
                    CountsJson(json, "byOperation", refused.ByOperation);
                });
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    // A report section: how many there are in all, and the (capped) list, one JSON object per entry.
    private static void Listed<T>(Utf8JsonWriter json, string name, long count, string listName, IReadOnlyList<T> entries, Action<T> writeEntry)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", count);
        json.WriteStartArray(listName);
        foreach (T entry in entries)
        {
            json.WriteStartObject();
            writeEntry(entry);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void CountsJson(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, long>> counts)
    {
        json.WriteStartObject(name);
        foreach ((string key, long count) in counts)
        {
            json.WriteNumber(key, count);
        }

        json.WriteEndObject();
    }

    private static void OptionalTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is DateTimeOffset at)
        {
            json.WriteString(name, at);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
