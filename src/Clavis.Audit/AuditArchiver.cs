using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>
/// Retention: moves the oldest range of a node's chain, up to a signed checkpoint, into a self-contained archive
/// file (<see cref="AuditArchiveFormat"/>), then removes it from the store, leaving an anchor where the chain now
/// starts. Verification of what remains and of the archive alone both still hold.
/// </summary>
/// <remarks>
/// Order, so that a crash anywhere loses nothing: the file is written beside its name, flushed, verified with the
/// trusted keys, renamed into place and its folder flushed; only then the anchor and the <see cref="Operation"/>
/// record commit together; only then the rows go, a bounded step per writer transaction (the writer keeps serving
/// between steps). A crash before the anchor leaves a file and every row; after it, some archived rows, which the
/// next archive removes first. The writer's chain head is read with the anchor as a floor, so removing every row
/// up to the head never restarts the chain.
/// </remarks>
public static class AuditArchiver
{
    /// <summary>The operation of the record an archive writes, whose message is <see cref="Describe"/>.</summary>
    public const string Operation = "ArchiveAudit";

    /// <summary>Records removed per writer transaction.</summary>
    public const int RemovalStep = 5_000;

    /// <summary>
    /// The message of the record an archive writes (STABLE FORMAT: the verifier compares it with the anchor to
    /// confirm the anchor; cut like every record message).
    /// </summary>
    public static string Describe(AuditArchiveAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"records {anchor.FirstSequence}..{anchor.LastSequence} of node {anchor.NodeId} archived to {anchor.FileName} (sha256 {Convert.ToHexStringLower(anchor.FileSha256)})");
        return text.Length > AuditRecord.MaxMessageLength ? text[..AuditRecord.MaxMessageLength] : text;
    }

    /// <summary>The name of the archive of records <paramref name="first"/>..<paramref name="last"/> of <paramref name="nodeId"/> in a folder.</summary>
    public static string FileNameFor(string nodeId, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        char[] invalid = Path.GetInvalidFileNameChars();
        string node = string.Concat(nodeId.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c));
        return string.Create(CultureInfo.InvariantCulture, $"audit-{node}-{first}-{last}.jsonl");
    }

    /// <summary>
    /// Archives the range <paramref name="request"/> names, records it with the record <paramref name="recordOf"/>
    /// makes, and removes it from <paramref name="store"/>. Callers make sure no other archive of the chain runs meanwhile.
    /// </summary>
    /// <param name="store">The store to anchor the archive in and remove the records from.</param>
    /// <param name="openReader">Opens a read-only reader of the same store (a snapshot the writer does not wait for).</param>
    /// <param name="request">What to archive.</param>
    /// <param name="recordOf">The <see cref="Operation"/> record for the anchor; its message must be <see cref="Describe"/>.</param>
    /// <param name="clock">The archive's time.</param>
    /// <param name="cancellationToken">Stops before the anchor is stored; once it is, removal runs to the end.</param>
    /// <exception cref="AuditArchiveException">Nothing to archive, the range does not verify, or the file exists or cannot be written.</exception>
    /// <exception cref="StoreUnavailableException">The store failed (the message says what was done before).</exception>
    public static async Task<AuditArchiveResult> ArchiveAsync(IAuditArchiveStore store, Func<IAuditReader> openReader, AuditArchiveRequest request,
        Func<AuditArchiveAnchor, AuditRecord> recordOf, IClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(openReader);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordOf);
        ArgumentNullException.ThrowIfNull(clock);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        // Rows an interrupted archive left behind go first, so the new range starts clean.
        long removed = await RemoveAsync(store, request.NodeId, long.MaxValue, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(clock.UtcNow));
        AuditArchiveResult written = await Task.Run(() =>
        {
            using IAuditReader reader = openReader();
            return Write(reader, request, now);
        }, cancellationToken).ConfigureAwait(false);

        AuditRecord record = recordOf(written.Anchor);
        try
        {
            await store.SaveArchiveAsync(written.Anchor, [record], cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new StoreUnavailableException($"{written.FilePath} was written, but the store could not record the archive, so nothing was removed (archive again, then delete that file)", ex);
        }

        try
        {
            removed += await RemoveAsync(store, request.NodeId, written.Anchor.LastSequence, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new StoreUnavailableException($"{written.FilePath} is archived and anchored, but removing its records failed after {removed} (the next archive removes the rest)", ex);
        }

        return written with { RemovedRecords = removed, Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
    }

    /// <summary>
    /// Writes and verifies the archive file alone, changing nothing in the store: the range after the chain's
    /// newest anchor up to the checkpoint <paramref name="request"/> chooses.
    /// </summary>
    /// <exception cref="AuditArchiveException">Nothing to archive, the range does not verify, or the file exists or cannot be written.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be read.</exception>
    public static AuditArchiveResult Write(IAuditReader reader, AuditArchiveRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        if ((request.ThroughSequence is null) == (request.Before is null))
        {
            throw new AuditArchiveException("say how far to archive: a sequence (--through) or a time (--before), not both");
        }

        string node = request.NodeId;
        IReadOnlyList<AuditArchiveAnchor> anchors = reader.ReadArchives(node);
        AuditArchiveAnchor? previous = anchors.Count > 0 ? anchors[^1] : null;
        long first = previous is null ? 1 : previous.LastSequence + 1;
        AuditCheckpoint end = ChooseEnd(reader.ReadCheckpoints(node), request, first);
        if ((request.OutputPath is null) == (request.OutputFolder is null))
        {
            throw new AuditArchiveException("say where the archive goes: a file or a folder, not both");
        }

        string path = Path.GetFullPath(request.OutputPath ?? Path.Combine(request.OutputFolder!, FileNameFor(node, first, end.Sequence)));
        if (File.Exists(path))
        {
            throw new AuditArchiveException($"{path} exists: archives are never overwritten, choose another file");
        }

        string partial = path + ".partial";
        var header = new AuditArchiveHeader(node, first, end.Sequence, end.HeadHash, now, previous);
        long records;
        try
        {
            string? folder = Path.GetDirectoryName(path);
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            // A partial file is what a crash left; it was never anchored, so it is made again.
            File.Delete(partial);
            records = WriteFile(partial, reader, header);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new AuditArchiveException($"cannot write {partial}: {ex.Message}", ex);
        }

        AuditArchiveResult verified = VerifyWritten(partial, path, request, header, records);
        try
        {
            File.Move(partial, path, overwrite: false);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new AuditArchiveException($"cannot move {partial} to {path}: {ex.Message}", ex);
        }

        return verified;
    }

    private static AuditCheckpoint ChooseEnd(IReadOnlyList<AuditCheckpoint> checkpoints, AuditArchiveRequest request, long first)
    {
        AuditCheckpoint? end = checkpoints
            .Where(c => c.Sequence >= first && (request.ThroughSequence is long through ? c.Sequence <= through : c.Time < request.Before))
            .MaxBy(c => c.Sequence);
        if (end is not null)
        {
            return end;
        }

        string limit = request.ThroughSequence is long at
            ? string.Create(CultureInfo.InvariantCulture, $"at or before record {at}")
            : $"signed before {request.Before:O}";
        throw new AuditArchiveException($"nothing to archive in node {request.NodeId}'s chain: no checkpoint from record {first} on is {limit}, and an archive must end at a signed checkpoint");
    }

    private static long WriteFile(string partial, IAuditReader reader, AuditArchiveHeader header)
    {
        string node = header.NodeId;
        long records = 0;
        using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
            using var json = new Utf8JsonWriter(buffer);
            void Line(Action<Utf8JsonWriter> write)
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                write(json);
                json.Flush();
                stream.Write(buffer.WrittenSpan);
                stream.WriteByte((byte)'\n');
            }

            Line(j => AuditArchiveFormat.WriteHeader(j, header));
            foreach (AuditPublicKey key in reader.ReadPublicKeys().Where(k => string.Equals(k.NodeId, node, StringComparison.Ordinal)))
            {
                Line(j => AuditArchiveFormat.WriteKey(j, key));
            }

            foreach (AuditKeyHandover handover in reader.ReadKeyHandovers(node))
            {
                Line(j => AuditArchiveFormat.WriteHandover(j, handover));
            }

            foreach (AuditCheckpoint checkpoint in reader.ReadCheckpoints(node).Where(c => c.Sequence >= header.FirstSequence - 1 && c.Sequence <= header.LastSequence))
            {
                Line(j => AuditArchiveFormat.WriteCheckpoint(j, checkpoint));
            }

            foreach (StoredAuditRecord row in reader.ReadRecords(node, header.FirstSequence, header.LastSequence))
            {
                Line(j => AuditArchiveFormat.WriteRecord(j, row));
                records++;
            }

            Line(j => AuditArchiveFormat.WriteEnd(j, records));
            stream.Flush(flushToDisk: true);
        }

        return records;
    }

    // The file, not the store, is what will be kept: it must verify alone before anything is removed.
    private static AuditArchiveResult VerifyWritten(string partial, string path, AuditArchiveRequest request, AuditArchiveHeader header, long records)
    {
        AuditVerification verification;
        byte[] sha256;
        try
        {
            using AuditArchiveReader written = AuditArchiveReader.Open(partial);
            verification = AuditArchiveVerifier.Verify(written, request.TrustedPublicKeys);
            sha256 = written.FileSha256;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or StoreUnavailableException)
        {
            TryDelete(partial);
            throw new AuditArchiveException($"cannot read back {partial}: {ex.Message}", ex);
        }

        if (!verification.IsIntact)
        {
            TryDelete(partial);
            throw new AuditArchiveException(
                $"records {header.FirstSequence}..{header.LastSequence} of node {header.NodeId} do not verify, so nothing was archived: {string.Join("; ", verification.Breaks.Select(b => $"({b.Kind}) {b.Message}"))}",
                verification);
        }

        var anchor = new AuditArchiveAnchor(header.NodeId, header.FirstSequence, header.LastSequence, header.HeadHash, Path.GetFileName(path), sha256, header.CreatedAt);
        return new AuditArchiveResult(anchor, path, records, new FileInfo(partial).Length, 0, TimeSpan.Zero);
    }

    private static async Task<long> RemoveAsync(IAuditArchiveStore store, string node, long through, CancellationToken cancellationToken)
    {
        long removed = 0;
        int step;
        do
        {
            step = await store.RemoveArchivedRecordsAsync(node, through, RemovalStep, cancellationToken).ConfigureAwait(false);
            removed += step;
        }
        while (step > 0);
        return removed;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The partial file is left for the next attempt, which deletes it first.
        }
    }
}
