using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Reads an archive file (<see cref="AuditArchiveFormat"/>) as a journal, so that <see cref="AuditVerifier"/> checks it
/// exactly as it checks a store: alone, with nothing but the file and a trusted public key.
/// </summary>
/// <remarks>
/// Opening reads the whole file once (header, keys, checkpoints, that every line is well formed, the end line);
/// <see cref="ReadRecords"/> streams the records again, so memory does not grow with the archive.
/// </remarks>
public sealed class AuditArchiveReader : IAuditReader
{
    private const string RecordPrefix = "{\"record\":";

    private readonly List<AuditPublicKey> _keys = [];
    private readonly List<AuditCheckpoint> _checkpoints = [];
    private readonly List<AuditKeyHandover> _handovers = [];

    private AuditArchiveReader(string path, AuditArchiveHeader header)
    {
        Path = path;
        Header = header;
    }

    /// <summary>The file, as a full path.</summary>
    public string Path { get; }

    /// <summary>What the file says it holds.</summary>
    public AuditArchiveHeader Header { get; }

    /// <summary>SHA-256 of the whole file, as an archive anchor names it.</summary>
    public byte[] FileSha256 { get; private set; } = [];

    /// <summary>How many record lines the file holds.</summary>
    public long RecordLines { get; private set; }

    /// <summary>The count the end line gives, or null when the file has no end line (it was cut short).</summary>
    public long? EndCount { get; private set; }

    /// <summary>The first line that is not an archive line, as a sentence, or null when every line is well formed.</summary>
    public string? Damage { get; private set; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not a Clavis audit archive (no header line, an unknown version).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static AuditArchiveReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        using IEnumerator<string> lines = File.ReadLines(full).GetEnumerator();
        AuditArchiveHeader header;
        try
        {
            if (!lines.MoveNext())
            {
                throw new FormatException("it is empty");
            }

            using JsonDocument first = JsonDocument.Parse(lines.Current);
            header = AuditArchiveFormat.ReadHeader(first.RootElement);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new FormatException($"{full} is not a Clavis audit archive: {ex.Message}", ex);
        }

        var reader = new AuditArchiveReader(full, header);
        reader.ReadBody(lines);
        using (FileStream stream = File.OpenRead(full))
        {
            reader.FileSha256 = SHA256.HashData(stream);
        }

        return reader;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadNodes() => [Header.NodeId];

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The file changed while it was read.</exception>
    public IEnumerable<StoredAuditRecord> ReadRecords(string nodeId, long fromSequence, long? toSequence)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        if (!string.Equals(nodeId, Header.NodeId, StringComparison.Ordinal))
        {
            yield break;
        }

        long number = 0;
        foreach (string line in File.ReadLines(Path))
        {
            number++;
            if (!line.StartsWith(RecordPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            StoredAuditRecord row;
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                row = AuditArchiveFormat.ReadRecord(nodeId, document.RootElement.GetProperty("record"));
            }
            catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new StoreUnavailableException($"archive {Path} line {number} changed while it was read", ex);
            }

            // Records are written in ascending order; a file reordered since is the verifier's to report.
            if (row.Sequence < fromSequence)
            {
                continue;
            }

            if (toSequence is long to && row.Sequence > to)
            {
                yield break;
            }

            yield return row;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditCheckpoint> ReadCheckpoints(string nodeId) =>
        [.. _checkpoints.Where(c => string.Equals(c.NodeId, nodeId, StringComparison.Ordinal))];

    /// <inheritdoc/>
    public IReadOnlyList<AuditArchiveAnchor> ReadArchives(string nodeId) =>
        Header.PreviousArchive is AuditArchiveAnchor previous && string.Equals(nodeId, Header.NodeId, StringComparison.Ordinal) ? [previous] : [];

    /// <inheritdoc/>
    public IReadOnlyList<AuditKeyHandover> ReadKeyHandovers(string nodeId) =>
        [.. _handovers.Where(h => string.Equals(h.NodeId, nodeId, StringComparison.Ordinal))];

    /// <inheritdoc/>
    public IReadOnlyList<AuditPublicKey> ReadPublicKeys() => _keys;

    /// <summary>Nothing to release: every read opens the file and closes it.</summary>
    public void Dispose()
    {
    }

    private void ReadBody(IEnumerator<string> lines)
    {
        long number = 1;
        while (lines.MoveNext())
        {
            number++;
            string line = lines.Current;
            if (EndCount is not null)
            {
                Damage = $"line {number} follows the end line";
                return;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || root.GetPropertyCount() != 1)
                {
                    throw new FormatException("an archive line is an object with one member");
                }

                JsonProperty entry = root.EnumerateObject().First();
                switch (entry.Name)
                {
                    case "key":
                        _keys.Add(AuditArchiveFormat.ReadKey(entry.Value));
                        break;
                    case "handover":
                        _handovers.Add(AuditArchiveFormat.ReadHandover(entry.Value));
                        break;
                    case "checkpoint":
                        _checkpoints.Add(AuditCheckpointJson.Read(entry.Value));
                        break;
                    case "record":
                        AuditArchiveFormat.ReadRecord(Header.NodeId, entry.Value);
                        RecordLines++;
                        break;
                    case "end":
                        EndCount = AuditCheckpointJson.Number(entry.Value, "records");
                        break;
                    default:
                        throw new FormatException($"'{entry.Name}' is no kind of archive line");
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                Damage = $"line {number} is not an archive line ({ex.Message})";
                return;
            }
        }
    }
}
