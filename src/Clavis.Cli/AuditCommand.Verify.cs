using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Clavis.Audit;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;

namespace Clavis.Cli;

public static partial class AuditCommand
{
    private static Command CreateVerify()
    {
        var verify = new Command("verify", "Check every record's hash and link and every checkpoint's signature; exit 0 when intact, 1 when broken, 2 when unreadable.");
        Option<string> data = DataOption();
        var node = new Option<string?>("--node") { Description = "Only this node's chain." };
        var from = new Option<long?>("--from") { Description = "First sequence number to check (default 1)." };
        var to = new Option<long?>("--to") { Description = "Last sequence number to check (default: the end)." };
        var keys = new Option<string[]>("--public-key") { Description = "A trusted checkpoint public key (PEM); repeatable. Default: DATA/audit-keys/*.pem.", AllowMultipleArgumentsPerToken = false };
        var copies = new Option<string?>("--checkpoints") { Description = "The copy of the checkpoints kept outside the database (the server's AuditCheckpointCopyPath). Default: DATA/audit-checkpoints.jsonl when it exists." };
        var archives = new Option<string[]>("--archive") { Description = "Verify this archive file alone instead of the database (repeatable); trusts --public-key, else DATA/audit-keys/*.pem when it exists." };
        var connection = new AdminConnectionOptions("Verify through the running node at this address (https://HOST:PORT) instead of reading --data; it uses its own key files and checkpoint copy.");
        foreach (Option option in new Option[] { data, node, from, to, keys, copies, archives })
        {
            verify.Options.Add(option);
        }

        connection.AddTo(verify);
        verify.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string folder = parse.GetValue(data)!;
            try
            {
                AuditVerification result;
                if (parse.GetValue(archives) is { Length: > 0 } files)
                {
                    if (parse.GetValue(connection.Server) is not null || parse.GetValue(copies) is not null || parse.GetValue(from) is not null || parse.GetValue(to) is not null)
                    {
                        error.WriteLine("clavis audit verify: --archive checks whole archive files, alone: --server, --checkpoints, --from and --to do not apply");
                        return Unusable;
                    }

                    IReadOnlyList<byte[]> anchors = LoadTrustedKeys(parse.GetValue(keys), folder, output);
                    int worst = Intact;
                    foreach (string archive in files)
                    {
                        worst = Math.Max(worst, Report(AuditArchiveVerifier.Verify(archive, anchors), output, error));
                    }

                    return worst;
                }

                if (parse.GetValue(connection.Server) is string server)
                {
                    if (parse.GetValue(keys) is { Length: > 0 } || parse.GetValue(copies) is not null)
                    {
                        error.WriteLine("clavis audit verify: --public-key and --checkpoints are for the offline form; through --server the node verifies with its own key files and checkpoint copy");
                        return Unusable;
                    }

                    using AdminApiClient client = connection.Connect(parse);
                    string answer = await client.GetAsync(VerifyQuery(parse.GetValue(node), parse.GetValue(from), parse.GetValue(to)), cancellationToken).ConfigureAwait(false);
                    result = ReadReport(answer, server);
                    output.WriteLine($"verified by {server}");
                }
                else
                {
                    result = VerifyOffline(folder, parse.GetValue(node), parse.GetValue(from), parse.GetValue(to), parse.GetValue(keys), parse.GetValue(copies), output);
                }

                return Report(result, output, error);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or FormatException or AdminApiException)
            {
                error.WriteLine($"clavis audit verify: {ex.Message}");
                return Unusable;
            }
        });
        return verify;
    }

    private static AuditVerification VerifyOffline(string folder, string? node, long? from, long? to, string[]? keyFiles, string? copyFile, TextWriter output)
    {
        IReadOnlyList<byte[]> trusted = LoadTrustedKeys(keyFiles, folder, output);
        AuditCheckpointCopyContents? copied = LoadCheckpointCopies(copyFile, folder, output);
        using SqliteAuditReader reader = SqliteAuditReader.Open(DatabasePath(folder));
        AuditVerification result = AuditVerifier.Verify(reader, new AuditVerifierOptions
        {
            NodeId = node,
            FromSequence = from ?? 1,
            ToSequence = to,
            TrustedPublicKeys = trusted,
            CheckpointCopies = copied?.Checkpoints ?? [],
        });
        if (copied?.Note is string torn)
        {
            result.Notes.Add(torn);
        }

        result.Notes.AddRange(SpoolNotes(reader));
        return result;
    }

    private static string VerifyQuery(string? node, long? from, long? to)
    {
        var query = new List<string>();
        if (node is not null)
        {
            query.Add("node=" + Uri.EscapeDataString(node));
        }

        if (from is long first)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"from={first}"));
        }

        if (to is long last)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"to={last}"));
        }

        return "/admin/v1/audit/verify" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private static AuditVerification ReadReport(string answer, string server)
    {
        try
        {
            return AuditVerificationJson.Read(answer);
        }
        catch (FormatException ex)
        {
            throw new AdminApiException($"{server} answered something that is not a verification report ({ex.Message})", ex);
        }
    }

    // The same report, offline or through a server: chains, notes, breaks on standard error, a summary line.
    private static int Report(AuditVerification result, TextWriter output, TextWriter error)
    {
        foreach ((string chain, long last, long? signed) in result.Chains)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {chain}: records up to {last}, last signed checkpoint at {(signed is long s ? s.ToString(CultureInfo.InvariantCulture) : "none")}"));
        }

        foreach (string note in result.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        foreach (AuditBreak broken in result.Breaks)
        {
            error.WriteLine($"BROKEN ({broken.Kind}) {broken}");
        }

        double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(result.IsIntact ? "intact" : "BROKEN")}: {result.RecordsChecked} records and {result.CheckpointsChecked} checkpoints checked{(result.CheckpointCopiesChecked > 0 ? $", {result.CheckpointCopiesChecked} checkpoint copies compared," : "")} in {result.Elapsed.TotalSeconds:F2} s ({result.RecordsChecked / seconds:F0} records/s)"));
        return result.IsIntact ? Intact : Broken;
    }

    private static IReadOnlyList<byte[]> LoadTrustedKeys(string[]? files, string folder, TextWriter output)
    {
        IEnumerable<string> paths = files is { Length: > 0 } ? files : AuditPublicKeyFiles.InFolder(Path.Combine(Path.GetFullPath(folder), "audit-keys"));
        IReadOnlyList<byte[]> keys = [.. paths.Select(AuditPublicKeyFiles.Read)];
        if (keys.Count > 0)
        {
            output.WriteLine($"trusting {keys.Count} checkpoint public key(s)");
        }

        return keys;
    }

    // An explicit file must exist; the default one is used when the server wrote it there.
    private static AuditCheckpointCopyContents? LoadCheckpointCopies(string? file, string folder, TextWriter output)
    {
        string path = file ?? Path.Combine(Path.GetFullPath(folder), "audit-checkpoints.jsonl");
        if (file is null && !File.Exists(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new IOException($"no checkpoint copy at {Path.GetFullPath(path)}");
        }

        AuditCheckpointCopyContents contents = AuditCheckpointCopy.Read(path);
        output.WriteLine($"comparing with {contents.Checkpoints.Count} checkpoint copies from {Path.GetFullPath(path)}");
        return contents;
    }
}
