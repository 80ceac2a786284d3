using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Clavis.Core.Audit;

namespace Clavis.Benchmarks;

/// <summary>
/// A measured prototype, not a store: what one audited use would cost if its record went to an append-only journal
/// file with group commit (write + fsync per batch) instead of a row in SQLite. Callers encode the record body as the
/// request path does (<see cref="AuditRecordCodec.EncodeBody"/>) and wait until it is durable; one writer thread links
/// each record into the chain exactly as the SQLite writer does (<see cref="AuditRecordCodec.WriteLinked"/>, a reused
/// SHA-256 context), frames it (length, record, hash) into one buffer per batch, writes the buffer at the end of a
/// preallocated file and fsyncs it. Durability is the same as SQLite's synchronous=FULL: a caller completes only after
/// the fsync that covers its record. Reports the same figures as <c>audit-append</c>, for the same record, so the two
/// can be compared in one run.
/// </summary>
internal static class AuditFileAppendRun
{
    private const string WriterThreadName = "Clavis journal";

    public static async Task RunAsync(int callers, TimeSpan duration)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {callers} callers, {duration.TotalSeconds} s, append-only file journal (prototype)");
        string directory = Directory.CreateTempSubdirectory("clavis-bench-").FullName;
        try
        {
            using var journal = new FileJournal(Path.Combine(directory, "journal.seg"));
            await RunLoopsAsync(journal, callers, TimeSpan.FromSeconds(1));
            TimeSpan writerBefore = ThreadCpu.Of(WriterThreadName);
            TimeSpan processBefore = Process.GetCurrentProcess().TotalProcessorTime;
            (long batchesBefore, long bytesBefore) = (journal.Batches, journal.Bytes);
            var watch = Stopwatch.StartNew();
            long count = await RunLoopsAsync(journal, callers, duration);
            double seconds = watch.Elapsed.TotalSeconds;
            double process = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalMicroseconds / count;
            double writer = (ThreadCpu.Of(WriterThreadName) - writerBefore).TotalMicroseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"records/s {count / seconds:F0}  process CPU µs/record {process:F1}  writer thread CPU µs/record {writer:F1}"
                + $"  records/fsync {(double)count / (journal.Batches - batchesBefore):F1}  bytes/record {(double)(journal.Bytes - bytesBefore) / count:F0}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<long> RunLoopsAsync(FileJournal journal, int callers, TimeSpan duration) =>
        AuditAppendRun.RunCallersAsync(callers, duration, caller => journal.AppendAsync(AuditRecordCodec.EncodeBody(AuditAppendRun.Record(caller))));

    private sealed class FileJournal : IDisposable
    {
        private const string NodeId = "node-1";

        private readonly FileStream _file;
        private readonly object _gate = new();
        private readonly Queue<(byte[] Body, TaskCompletionSource Done)> _pending = new();
        private readonly Thread _writer;
        private readonly ArrayBufferWriter<byte> _linked = new(1024);
        private readonly ArrayBufferWriter<byte> _batch = new(64 * 1024);
        private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _previous = new byte[AuditRecordCodec.HashLength];
        private long _sequence;
        private long _position;
        private bool _stopping;

        public FileJournal(string path)
        {
            // Preallocated, as a journal segment would be, so an fsync does not also have to grow the file.
            _file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.Read,
                BufferSize = 0,
                PreallocationSize = 1L << 30,
            });
            _writer = new Thread(Run) { IsBackground = true, Name = WriterThreadName };
            _writer.Start();
        }

        public long Batches { get; private set; }

        public long Bytes { get; private set; }

        public Task AppendAsync(byte[] body)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _pending.Enqueue((body, done));
                if (_pending.Count == 1)
                {
                    Monitor.Pulse(_gate);
                }
            }

            return done.Task;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _stopping = true;
                Monitor.Pulse(_gate);
            }

            _writer.Join();
            _sha256.Dispose();
            _file.Dispose();
        }

        private void Run()
        {
            var taken = new List<(byte[] Body, TaskCompletionSource Done)>(512);
            while (true)
            {
                lock (_gate)
                {
                    while (_pending.Count == 0 && !_stopping)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_pending.Count == 0)
                    {
                        return;
                    }

                    while (_pending.TryDequeue(out (byte[] Body, TaskCompletionSource Done) write))
                    {
                        taken.Add(write);
                    }
                }

                _batch.ResetWrittenCount();
                foreach ((byte[] body, _) in taken)
                {
                    _linked.ResetWrittenCount();
                    AuditRecordCodec.WriteLinked(_linked, NodeId, ++_sequence, _previous, body);
                    _sha256.AppendData(_linked.WrittenSpan);
                    _sha256.GetHashAndReset(_previous);
                    BinaryPrimitives.WriteInt32BigEndian(_batch.GetSpan(4), _linked.WrittenCount);
                    _batch.Advance(4);
                    _batch.Write(_linked.WrittenSpan);
                    _batch.Write(_previous);
                }

                RandomAccess.Write(_file.SafeFileHandle, _batch.WrittenSpan, _position);
                _position += _batch.WrittenCount;
                _file.Flush(flushToDisk: true);
                Batches++;
                Bytes += _batch.WrittenCount;
                foreach ((_, TaskCompletionSource done) in taken)
                {
                    done.SetResult();
                }

                taken.Clear();
            }
        }
    }
}
