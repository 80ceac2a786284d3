using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Microsoft.Win32.SafeHandles;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// Audit records committed alone (a Get's, an Encrypt's: records that change no object) made durable in a file of
/// fixed size beside the database (two regions written in turn), one fsync per group, and moved into
/// <c>audit_records</c> later, hundreds per transaction, by the mover thread (or by the writer when it must). The
/// writer appends; both move.
/// </summary>
/// <remarks>
/// <para>Why: a SQLite commit of two or three records rewrites the 4 KiB pages of the table and its three indexes
/// into the WAL, ~6.7 KB per record, and its writer spent ~17 µs per record; the same records framed in a file cost
/// ~4 µs and ~0.4 KB (bench/RESULTS.md). Moving them into the table hundreds at a time writes each page once.</para>
/// <para>The records are linked into the chain by the writer before they are spooled, exactly as they will be
/// stored, so the chain is one: the database holds a prefix of it and the spool the rest. Any transaction the
/// writer commits first moves the spool's records into the database (a change set's records link after them), after
/// waiting for a move of the mover's to end, and readers that must see everything ask for that move
/// (<see cref="SqliteObjectStore.FlushAuditSpoolAsync"/>).</para>
/// <para>Frame: the encoding's length (4 bytes, little-endian), its SHA-256 (the record's chain hash) and the
/// encoding. The file is two regions of equal size and never grows: the writer appends to one while the mover empties
/// the other, and goes on at the start of the other once the group at hand does not fit and everything in the other
/// is in the database. (A file that started over only once all of it was moved grew without bound under steady load,
/// where something always waits: 44 MB in a minute of benchmark.) When the other region still holds records waiting,
/// the group goes to the database instead, with them.</para>
/// <para>Recovery reads each region from its start, keeping frames whose hash matches their bytes, up to the first that
/// does not: a torn write of a group that was never acknowledged, zeros, or the remains of an older frame. Of what it
/// read, it keeps the records that continue each node's chain past the database's head, in chain order; older frames
/// a region still holds were all in the database before the region was written again, so they never continue it. It is
/// the rule SQLite applies to its own WAL, whose first bad checksum ends the replay.</para>
/// </remarks>
internal sealed class AuditSpool : IDisposable
{
    /// <summary>Appended to the database path to name the spool file, as SQLite names its <c>-wal</c>.</summary>
    public const string FileSuffix = "-audit-spool";

    private const int FrameHeaderLength = sizeof(int) + AuditRecordCodec.HashLength;

    // Records are at most a few KiB (bounded fields); anything larger is not a frame.
    private const int MaxEncodedLength = 1 << 20;

    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _group = new(64 * 1024);

    // Guards the pending records and who is moving them: the writer appends, the mover (or the writer) moves a prefix.
    private readonly object _gate = new();
    private readonly List<StoredAuditRecord> _pending = [];
    private readonly Dictionary<string, StoredAuditRecord> _lastPending = new(StringComparer.Ordinal);
    private readonly long _regionBytes;
    private readonly int _moveAt;

    // Where the next group goes, and where the region being written ends. Writer only.
    private long _offset;
    private long _regionEnd;

    // Records appended since the store opened, and how many of them were before the region being written (all in the
    // other region or earlier). Writer only.
    private long _appended;
    private long _appendedBeforeRegion;

    // Records moved into the database since the store opened, in append order. Under the gate.
    private long _moved;
    private int _pendingCount;
    private long _oldestPendingAt;
    private Mover _moving;
    private bool _stopping;

    private AuditSpool(string path, FileStream file, long regionBytes, int moveAt)
    {
        Path = path;
        _file = file;
        _regionBytes = regionBytes;
        _regionEnd = regionBytes;
        _moveAt = moveAt;
    }

    /// <summary>Who is moving records into the database.</summary>
    public enum Mover
    {
        /// <summary>Nobody.</summary>
        None,

        /// <summary>The mover thread, in a transaction of its own.</summary>
        Background,

        /// <summary>The writer, at the start of one of its transactions.</summary>
        Writer,
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <summary>How many records wait to be moved into the database; read from any thread.</summary>
    public int PendingCount => Volatile.Read(ref _pendingCount);

    /// <summary>
    /// Set once an append failed: the file is not trusted again while the store is open, and records go to the
    /// database directly. What was already spooled is still moved into the database.
    /// </summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// Opens (creating, owner-only) the spool of the database at <paramref name="databasePath"/>, as it was left: read
    /// it with <see cref="Recover"/>, move what that returns into the database, then call <see cref="PrepareForWriting"/>.
    /// Each of the file's two regions holds <paramref name="regionBytes"/>. The mover is woken when
    /// <paramref name="moveAt"/> records wait.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static AuditSpool Open(string databasePath, long regionBytes, int moveAt)
    {
        string path = databasePath + FileSuffix;
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            // What was asked and answered is as private as the database.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new AuditSpool(path, new FileStream(path, options), regionBytes, moveAt);
    }

    /// <summary>
    /// Once everything <see cref="Recover"/> returned is in the database: makes the file exactly two regions long,
    /// filled with zeros where it was shorter, so that an fsync never has to grow it, and writes from its start.
    /// </summary>
    /// <exception cref="IOException">The file cannot be resized or filled.</exception>
    public void PrepareForWriting()
    {
        long length = 2 * _regionBytes;
        if (_file.Length > length)
        {
            // Left longer by an earlier region size; what is cut off was recovered into the database.
            _file.SetLength(length);
        }

        if (_file.Length < length)
        {
            byte[] zeros = new byte[64 * 1024];
            for (long at = _file.Length; at < length; at += zeros.Length)
            {
                RandomAccess.Write(_file.SafeFileHandle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, length - at)), at);
            }
        }

        _file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Reads the file and returns, in chain order, the records that continue their nodes' chains past
    /// <paramref name="committedHead"/> (the database's head of a node): what was acknowledged but not yet moved into
    /// the database when the store last stopped.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public List<StoredAuditRecord> Recover(Func<string, (long Sequence, byte[] Hash)> committedHead) =>
        ReadFrames(_file.SafeFileHandle, committedHead);

    /// <summary>
    /// The records of the spool file <paramref name="file"/> that continue their nodes' chains past
    /// <paramref name="committedHead"/>, in chain order (see the remarks on the class). The second region starts
    /// halfway: the file is two regions long whenever it is written.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static List<StoredAuditRecord> ReadFrames(SafeFileHandle file, Func<string, (long Sequence, byte[] Hash)> committedHead)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(committedHead);
        long length = RandomAccess.GetLength(file);
        var frames = new List<(AuditRecordSummary Summary, StoredAuditRecord Record)>();
        ReadRegion(file, 0, length, frames);
        ReadRegion(file, length / 2, length, frames);

        // Each node's chain from the database's head on: the frame that follows the head is the one at the next
        // sequence that names the head's hash; a region's older frames (at or below the head) never do.
        var next = new Dictionary<(string NodeId, long Sequence), List<(AuditRecordSummary Summary, StoredAuditRecord Record)>>();
        var nodes = new List<string>();
        foreach ((AuditRecordSummary Summary, StoredAuditRecord Record) frame in frames)
        {
            if (!next.TryGetValue((frame.Summary.NodeId, frame.Summary.Sequence), out var candidates))
            {
                next[(frame.Summary.NodeId, frame.Summary.Sequence)] = candidates = [];
            }

            candidates.Add(frame);
            if (!nodes.Contains(frame.Summary.NodeId))
            {
                nodes.Add(frame.Summary.NodeId);
            }
        }

        var recovered = new List<StoredAuditRecord>();
        foreach (string nodeId in nodes)
        {
            (long Sequence, byte[] Hash) head = committedHead(nodeId);
            while (next.TryGetValue((nodeId, head.Sequence + 1), out var candidates)
                && candidates.Find(c => c.Summary.PreviousHash.AsSpan().SequenceEqual(head.Hash)) is { Record: { } record })
            {
                recovered.Add(record);
                head = (record.Sequence, record.Hash);
            }
        }

        return recovered;
    }

    // The frames from offset on, up to the first that does not hold together (or the end of the file).
    private static void ReadRegion(SafeFileHandle file, long offset, long length, List<(AuditRecordSummary, StoredAuditRecord)> frames)
    {
        byte[] header = new byte[FrameHeaderLength];
        while (offset + FrameHeaderLength <= length)
        {
            RandomAccess.Read(file, header, offset);
            int encodedLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (encodedLength <= 0 || encodedLength > MaxEncodedLength || offset + FrameHeaderLength + encodedLength > length)
            {
                return;
            }

            byte[] encoded = new byte[encodedLength];
            if (RandomAccess.Read(file, encoded, offset + FrameHeaderLength) != encodedLength)
            {
                return;
            }

            byte[] hash = SHA256.HashData(encoded);
            if (!hash.AsSpan().SequenceEqual(header.AsSpan(sizeof(int))))
            {
                return;
            }

            AuditRecordSummary summary;
            try
            {
                summary = AuditRecordCodec.DecodeSummary(encoded);
            }
            catch (FormatException)
            {
                return;
            }

            frames.Add((summary, new StoredAuditRecord(summary.NodeId, summary.Sequence, hash, encoded, summary.TimeMicroseconds,
                summary.Principal, summary.Operation, summary.FirstObjectId, summary.ResultStatus)));
            offset += FrameHeaderLength + encodedLength;
        }
    }

    /// <summary>
    /// The newest record of <paramref name="nodeId"/> spooled since the store opened, if any (it may have been moved into
    /// the database since, which a caller comparing it with the database's head does not mind). Writer only.
    /// </summary>
    public bool TryGetLast(string nodeId, out StoredAuditRecord last) => _lastPending.TryGetValue(nodeId, out last!);

    /// <summary>
    /// Writes <paramref name="rows"/> (linked, in chain order) after the last group and fsyncs them; on true they are
    /// durable and pending. False, with nothing written, when they do not fit in the region being written and the
    /// other still holds records waiting to be moved (or the group is larger than a region): they belong in the
    /// database then. On an exception nothing is pending and the spool is <see cref="IsBroken"/>.
    /// </summary>
    /// <exception cref="IOException">The write or the fsync failed, or the file was removed.</exception>
    public bool Append(List<StoredAuditRecord> rows)
    {
        if (IsBroken)
        {
            throw new InvalidOperationException("the audit spool is broken; records go to the database");
        }

        _group.ResetWrittenCount();
        foreach (StoredAuditRecord row in rows)
        {
            Span<byte> header = _group.GetSpan(FrameHeaderLength);
            BinaryPrimitives.WriteInt32LittleEndian(header, row.Encoded.Length);
            row.Hash.CopyTo(header[sizeof(int)..]);
            _group.Advance(FrameHeaderLength);
            _group.Write(row.Encoded);
        }

        if (_offset + _group.WrittenCount > _regionEnd && !TrySwitchRegion(_group.WrittenCount))
        {
            return false;
        }

        try
        {
            // A removed file would take every later "durable" record with it at the next start, as with the database.
            if (IsRemoved())
            {
                throw new FileNotFoundException($"audit spool {Path} was removed while the store had it open", Path);
            }

            RandomAccess.Write(_file.SafeFileHandle, _group.WrittenSpan, _offset);
            FlushData();
        }
        catch
        {
            IsBroken = true;
            throw;
        }

        _offset += _group.WrittenCount;
        _appended += rows.Count;
        foreach (StoredAuditRecord row in rows)
        {
            _lastPending[row.NodeId] = row;
        }

        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _oldestPendingAt = Stopwatch.GetTimestamp();
            }

            _pending.AddRange(rows);
            Volatile.Write(ref _pendingCount, _pending.Count);

            // The mover sleeps until there is something to time, or enough to move.
            if (_pending.Count == rows.Count || _pending.Count >= _moveAt)
            {
                Monitor.Pulse(_gate);
            }
        }

        return true;
    }

    // Goes on at the start of the other region when everything written there is in the database.
    private bool TrySwitchRegion(int groupBytes)
    {
        if (groupBytes > _regionBytes)
        {
            return false;
        }

        lock (_gate)
        {
            if (_moved < _appendedBeforeRegion)
            {
                return false;
            }
        }

        long otherStart = _regionEnd == _regionBytes ? _regionBytes : 0;
        _offset = otherStart;
        _regionEnd = otherStart + _regionBytes;
        _appendedBeforeRegion = _appended;
        return true;
    }

    /// <summary>
    /// The mover's wait: returns true once records wait and nobody moves them, and either enough wait or the oldest
    /// has waited <paramref name="maxAge"/>; false once the spool is stopping.
    /// </summary>
    public bool WaitForMove(TimeSpan maxAge)
    {
        lock (_gate)
        {
            while (!_stopping)
            {
                if (_pending.Count > 0 && _moving == Mover.None)
                {
                    TimeSpan age = Stopwatch.GetElapsedTime(_oldestPendingAt);
                    if (_pending.Count >= _moveAt || age >= maxAge)
                    {
                        return true;
                    }

                    Monitor.Wait(_gate, maxAge - age);
                }
                else
                {
                    Monitor.Wait(_gate);
                }
            }

            return false;
        }
    }

    /// <summary>The mover's pause after a failed move: <paramref name="delay"/>, or until the spool is stopping.</summary>
    public void Pause(TimeSpan delay)
    {
        long until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            while (!_stopping && Stopwatch.GetTimestamp() < until)
            {
                Monitor.Wait(_gate, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until));
            }
        }
    }

    /// <summary>Wakes the mover to stop: <see cref="WaitForMove"/> returns false from now on.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Takes the records waiting now, to move them into the database; unless none are returned,
    /// <see cref="EndMove"/> or <see cref="AbortMove"/> must follow. The writer first waits for a move of the mover's to end (its transaction
    /// must hold the whole chain); the mover gets nothing while the writer moves.
    /// </summary>
    public StoredAuditRecord[] BeginMove(Mover mover)
    {
        lock (_gate)
        {
            if (mover == Mover.Writer)
            {
                while (_moving != Mover.None)
                {
                    Monitor.Wait(_gate);
                }
            }
            else if (_moving != Mover.None)
            {
                return [];
            }

            // Nothing to move, nothing begun: no EndMove follows.
            if (_pending.Count == 0)
            {
                return [];
            }

            _moving = mover;
            return [.. _pending];
        }
    }

    /// <summary>The first <paramref name="moved"/> records are committed to the database: they are pending no more.</summary>
    public void EndMove(int moved)
    {
        lock (_gate)
        {
            _pending.RemoveRange(0, moved);
            _moved += moved;
            Volatile.Write(ref _pendingCount, _pending.Count);

            // What came during the move is no older than the move.
            _oldestPendingAt = Stopwatch.GetTimestamp();
            _moving = Mover.None;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The move failed: its records stay pending, to be moved again.</summary>
    public void AbortMove()
    {
        lock (_gate)
        {
            _moving = Mover.None;
            Monitor.PulseAll(_gate);
        }
    }

    private const int AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;
    private const int StatxLength = 256;
    private const int StatxNlinkOffset = 16;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, ref byte path, int flags, uint mask, ref byte buffer);

    // Asked of the open file for its link count alone (0 once removed). A stat that reads the file's times, as
    // File.Exists does, makes Linux (6.13 on, multigrain timestamps) give the next write a fine-grained mtime: every
    // write then dirtied the inode, and every fdatasync on ext4 wrote the inode block too, synchronously. That was a
    // third of the fdatasync's CPU, and one more write for a lone request to wait for (bench/RESULTS.md).
    private bool IsRemoved()
    {
        if (!OperatingSystem.IsLinux())
        {
            return !File.Exists(Path);
        }

        Span<byte> emptyPath = [0];
        Span<byte> status = stackalloc byte[StatxLength];
        int descriptor = (int)_file.SafeFileHandle.DangerousGetHandle();
        if (Statx(descriptor, ref MemoryMarshal.GetReference(emptyPath), AtEmptyPath, StatxNlink, ref MemoryMarshal.GetReference(status)) != 0)
        {
            // A kernel without statx (before 4.11): ask by name, as before.
            return !File.Exists(Path);
        }

        return MemoryMarshal.Read<uint>(status[StatxNlinkOffset..]) == 0;
    }

    // fdatasync, not fsync: the file never grows (filled at open), so its data is all there is to flush, and
    // an fsync would also write the inode for its new modification time, ~12% of the writer's time per group.
    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static extern int FlushFileData(int descriptor);

    private void FlushData()
    {
        if (!OperatingSystem.IsLinux())
        {
            _file.Flush(flushToDisk: true);
            return;
        }

        // Only the writer thread calls this, and the file is closed only after the writer stopped.
        if (FlushFileData((int)_file.SafeFileHandle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"fdatasync of audit spool {Path} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>Closes the file (it stays: records not yet moved are recovered at the next open).</summary>
    public void Dispose() => _file.Dispose();
}
