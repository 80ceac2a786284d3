using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Clavis.Audit;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Server.Hosting;
using Clavis.Storage.Sqlite;

namespace Clavis.Cli;

public static partial class AuditCommand
{
    private static Command CreateArchive()
    {
        var archive = new Command("archive", "Move the oldest records, up to a signed checkpoint, to a self-verifying archive file and remove them from the database; exit 0 when archived, 2 when not.");
        Option<string> data = DataOption();
        var node = new Option<string?>("--node") { Description = "The chain to archive (default: the only one)." };
        var through = new Option<long?>("--through") { Description = "Archive up to the last checkpoint at or before this sequence number." };
        var before = new Option<DateTimeOffset?>("--before") { Description = "Archive up to the last checkpoint signed before this time (ISO 8601)." };
        var file = new Option<string?>("--out") { Description = "The archive file to create (default: DATA/audit-archives/audit-NODE-FIRST-LAST.jsonl). Never overwritten." };
        var keys = new Option<string[]>("--public-key") { Description = "A trusted checkpoint public key (PEM) the range must verify with; repeatable. Default: DATA/audit-keys/*.pem." };
        var connection = new AdminConnectionOptions("Archive through the running node at this address (https://HOST:PORT); it writes the file into its AuditArchiveDirectory.");
        foreach (Option option in new Option[] { data, node, through, before, file, keys })
        {
            archive.Options.Add(option);
        }

        connection.AddTo(archive);
        archive.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            long? throughSequence = parse.GetValue(through);
            DateTimeOffset? beforeTime = parse.GetValue(before);
            if ((throughSequence is null) == (beforeTime is null) || throughSequence < 1)
            {
                error.WriteLine("clavis audit archive: say how far to archive: --through SEQ (1 or more) or --before TIME, not both");
                return Unusable;
            }

            try
            {
                AuditArchiveResult result;
                if (parse.GetValue(connection.Server) is string)
                {
                    if (parse.GetValue(file) is not null || parse.GetValue(keys) is { Length: > 0 })
                    {
                        error.WriteLine("clavis audit archive: --out and --public-key are for the offline form; the node writes into its AuditArchiveDirectory and verifies with its own key files");
                        return Unusable;
                    }

                    using AdminApiClient client = connection.Connect(parse);
                    string answer = await client.PostAsync("/admin/v1/audit/archive", ArchiveBody(parse.GetValue(node), throughSequence, beforeTime), cancellationToken).ConfigureAwait(false);
                    result = AuditArchiveResultJson.Read(answer);
                }
                else
                {
                    result = await ArchiveOfflineAsync(parse.GetValue(data)!, parse.GetValue(node), throughSequence, beforeTime, parse.GetValue(file), parse.GetValue(keys), output, cancellationToken).ConfigureAwait(false);
                }

                AuditArchiveAnchor anchor = result.Anchor;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"archived records {anchor.FirstSequence}..{anchor.LastSequence} of node {anchor.NodeId} to {result.FilePath} ({result.Records} records, {result.FileBytes / 1048576.0:F1} MiB, sha256 {Convert.ToHexStringLower(anchor.FileSha256)}) in {result.Elapsed.TotalSeconds:F2} s"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"removed {result.RemovedRecords} records from the database; its chain now starts after record {anchor.LastSequence}. Keep the file: clavis audit verify --archive FILE checks it"));
                return 0;
            }
            catch (AuditArchiveException ex)
            {
                foreach (AuditBreak broken in ex.Verification?.Breaks ?? [])
                {
                    error.WriteLine($"BROKEN ({broken.Kind}) {broken}");
                }

                error.WriteLine($"clavis audit archive: {ex.Message}");
                return Unusable;
            }
            catch (DataFolderInUseException ex)
            {
                error.WriteLine($"clavis audit archive: {ex.Message}. Archive through the running server instead: clavis audit archive --server https://HOST:PORT --ca … --cert … --key …");
                return Unusable;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or IOException or UnauthorizedAccessException or CryptographicException or FormatException or AdminApiException)
            {
                error.WriteLine($"clavis audit archive: {ex.Message}{(ex.InnerException is { } inner && ex is StoreUnavailableException ? $" ({inner.Message})" : "")}");
                return Unusable;
            }
        });
        return archive;
    }

    // Offline, the tool is the database's writer: it holds the data folder's lock, so no server runs meanwhile.
    private static async Task<AuditArchiveResult> ArchiveOfflineAsync(string folder, string? node, long? through, DateTimeOffset? before, string? file, string[]? keyFiles,
        TextWriter output, CancellationToken cancellationToken)
    {
        string database = DatabasePath(folder);
        if (!File.Exists(database))
        {
            throw new StoreUnavailableException($"no Clavis database at {database}");
        }

        using DataFolderLock folderLock = DataFolderLock.Acquire(folder);
        IReadOnlyList<byte[]> trusted = LoadTrustedKeys(keyFiles, folder, output);
        string chain = node ?? OnlyNode(database);
        await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = database });
        var request = new AuditArchiveRequest
        {
            NodeId = chain,
            ThroughSequence = through,
            Before = before,
            OutputPath = file,
            OutputFolder = file is null ? Path.Combine(Path.GetFullPath(folder), "audit-archives") : null,
            TrustedPublicKeys = trusted,
        };

        // No certificate offline: the record names the operating-system account that ran the tool.
        AuditRecord RecordOf(AuditArchiveAnchor anchor) => new()
        {
            Time = DateTimeOffset.UtcNow,
            NodeId = chain,
            Source = AuditSource.Administrator,
            Operation = AuditArchiver.Operation,
            Principal = "os:" + Environment.UserName,
            ResultStatus = "Success",
            Message = AuditArchiver.Describe(anchor),
        };

        return await AuditArchiver.ArchiveAsync(store, () => SqliteAuditReader.Open(database), request, RecordOf, SystemClock.Instance, cancellationToken).ConfigureAwait(false);
    }

    private static string OnlyNode(string database)
    {
        using SqliteAuditReader reader = SqliteAuditReader.Open(database);
        IReadOnlyList<string> nodes = reader.ReadNodes();
        return nodes.Count switch
        {
            1 => nodes[0],
            0 => throw new StoreUnavailableException($"{database} has no audit chain to archive"),
            _ => throw new StoreUnavailableException($"{database} has the chains of {string.Join(", ", nodes)}: pick one with --node"),
        };
    }

    private static string ArchiveBody(string? node, long? through, DateTimeOffset? before)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (node is not null)
            {
                json.WriteString("node", node);
            }

            if (through is long sequence)
            {
                json.WriteNumber("throughSequence", sequence);
            }

            if (before is DateTimeOffset time)
            {
                json.WriteString("before", time);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
