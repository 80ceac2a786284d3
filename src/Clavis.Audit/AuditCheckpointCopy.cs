using System.Text;
using Clavis.Core.Audit;
using Microsoft.Extensions.Logging;

namespace Clavis.Audit;

/// <summary>
/// The copy of every signed checkpoint kept outside the database, one JSON line each
/// (<see cref="AuditCheckpointJson"/>), flushed to disk before the next. Whoever can rewrite the database can
/// remove its newest records together with the checkpoints that sign them; a copy on another volume or host
/// still names them, and <c>clavis audit verify --checkpoints</c> compares.
/// </summary>
/// <remarks>
/// A copy that cannot be written does not stop the node (the database still holds the checkpoint): the failure
/// is logged as an error and counted in <see cref="Failures"/>, which /health reports.
/// </remarks>
public sealed partial class AuditCheckpointCopy
{
    private readonly ILogger _logger;
    private long _failures;
    private volatile string? _lastFailure;

    /// <summary>Appends to <paramref name="path"/>, creating it (and its folder) on the first checkpoint.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public AuditCheckpointCopy(string path, ILogger<AuditCheckpointCopy> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        Path = System.IO.Path.GetFullPath(path);
        _logger = logger;
    }

    /// <summary>The file, as a full path.</summary>
    public string Path { get; }

    /// <summary>How many checkpoints could not be copied since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Why the last attempt failed, or null when it succeeded (or none was made).</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>
    /// Appends <paramref name="checkpoint"/> and flushes it to disk (first cutting off a last line a crash left
    /// incomplete). Never throws for an I/O failure: it is
    /// logged and counted, and the next checkpoint tries again.
    /// </summary>
    /// <returns>True when the checkpoint is durable in the file.</returns>
    public bool TryAppend(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            Append(checkpoint);
            _lastFailure = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Interlocked.Increment(ref _failures);
            _lastFailure = ex.Message;
            LogCopyFailed(_logger, checkpoint.Sequence, checkpoint.NodeId, Path, Failures, ex);
            return false;
        }
    }

    /// <summary>Reads every checkpoint in the file at <paramref name="path"/>, oldest first.</summary>
    /// <remarks>
    /// A last line without its line break is a write cut short by a crash: it is left out and
    /// <see cref="AuditCheckpointCopyContents.Note"/> says so. Any other line that is not a checkpoint fails.
    /// </remarks>
    /// <exception cref="FormatException">A line is not a checkpoint; the message names the file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static AuditCheckpointCopyContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = File.ReadAllText(path, Encoding.UTF8);
        var checkpoints = new List<AuditCheckpoint>();
        string? note = null;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                checkpoints.Add(AuditCheckpointJson.ReadLine(line));
            }
            catch (FormatException ex)
            {
                if (i == lines.Length - 1)
                {
                    note = $"the last line of {path} is incomplete (a write cut short by a crash) and was left out";
                    continue;
                }

                throw new FormatException($"{path} line {i + 1} is not a checkpoint: {ex.Message}", ex);
            }
        }

        return new AuditCheckpointCopyContents(checkpoints, note);
    }

    private void Append(AuditCheckpoint checkpoint)
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        bool created = !File.Exists(Path);
        if (created && directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        byte[] line = Encoding.UTF8.GetBytes(AuditCheckpointJson.ToLine(checkpoint) + "\n");
        using (var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        {
            DropTornLine(stream);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }

        if (created && directory is not null)
        {
            // The new file's name is durable only once its folder is.
            DirectorySync.Flush(directory);
        }
    }

    // A line cut short by a crash is a partial copy of a checkpoint the database holds whole: cut it off, so
    // this line does not glue onto it and readers never meet a broken line before good ones.
    private static void DropTornLine(FileStream stream)
    {
        if (stream.Length == 0)
        {
            return;
        }

        int tail = (int)Math.Min(stream.Length, 64 * 1024);
        byte[] buffer = new byte[tail];
        stream.Seek(-tail, SeekOrigin.End);
        stream.ReadExactly(buffer);
        if (buffer[^1] == '\n')
        {
            return;
        }

        int lastBreak = Array.LastIndexOf(buffer, (byte)'\n');
        if (lastBreak < 0 && tail < stream.Length)
        {
            // No line break in the last 64 KiB is no torn checkpoint line; keep it and start a new line.
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte((byte)'\n');
            return;
        }

        stream.SetLength(stream.Length - tail + lastBreak + 1);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "AUDIT CHECKPOINT COPY FAILED: checkpoint {Sequence} of node {NodeId} was not written to {Path} ({Failures} failure(s) since start, counted in /health); the database holds it, and the next checkpoint tries again")]
    private static partial void LogCopyFailed(ILogger logger, long sequence, string nodeId, string path, long failures, Exception exception);
}
