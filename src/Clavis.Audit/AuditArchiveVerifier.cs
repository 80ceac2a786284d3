using Clavis.Core.Audit;

namespace Clavis.Audit;

/// <summary>
/// Verifies an archive file alone (<c>clavis audit verify --archive</c>): its records as a chain starting where the
/// archive before it ended, its checkpoints' signatures, that one of them signs its last record, and that it was
/// not cut short.
/// </summary>
public static class AuditArchiveVerifier
{
    /// <summary>Verifies the archive at <paramref name="path"/>.</summary>
    /// <param name="path">The archive file.</param>
    /// <param name="trustedPublicKeys">Keys the checkpoints must be signed with (DER SubjectPublicKeyInfo); empty: the file's own, which proves consistency only.</param>
    /// <exception cref="FormatException">The file is not a Clavis audit archive.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static AuditVerification Verify(string path, IReadOnlyList<byte[]> trustedPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedPublicKeys);
        using AuditArchiveReader archive = AuditArchiveReader.Open(path);
        return Verify(archive, trustedPublicKeys);
    }

    /// <summary>Verifies an opened archive.</summary>
    /// <exception cref="Core.Ports.StoreUnavailableException">The file changed while it was read.</exception>
    public static AuditVerification Verify(AuditArchiveReader archive, IReadOnlyList<byte[]> trustedPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(trustedPublicKeys);
        AuditArchiveHeader header = archive.Header;
        string node = header.NodeId;
        if (archive.Damage is string damage)
        {
            var damaged = new AuditVerification();
            damaged.Breaks.Add(new AuditBreak(AuditBreakKind.UnreadableRecord, node, header.FirstSequence, $"archive {archive.Path}: {damage}: the file was changed"));
            damaged.Chains.Add((node, header.FirstSequence - 1, null));
            return damaged;
        }

        AuditVerification result = AuditVerifier.Verify(archive, new AuditVerifierOptions
        {
            NodeId = node,
            TrustedPublicKeys = trustedPublicKeys,
            ConfirmArchiveAnchors = false,
        });
        result.Notes.Insert(0, $"archive {archive.Path}: node {node}, records {header.FirstSequence}..{header.LastSequence}, made at {header.CreatedAt:O}, sha256 {Convert.ToHexStringLower(archive.FileSha256)}");
        if (result.IsIntact && Tail(archive, result) is AuditBreak tail)
        {
            result.Breaks.Add(tail);
        }

        return result;
    }

    // What only an archive must show: it holds what its header says, to the end line, and its tail is signed.
    private static AuditBreak? Tail(AuditArchiveReader archive, AuditVerification result)
    {
        AuditArchiveHeader header = archive.Header;
        string node = header.NodeId;
        long last = result.Chains.Single().LastSequence;
        if (archive.EndCount is null)
        {
            return new AuditBreak(AuditBreakKind.TruncatedTail, node, last + 1, $"archive {archive.Path} has no end line after record {last}: it was cut short");
        }

        if (last != header.LastSequence)
        {
            return new AuditBreak(AuditBreakKind.TruncatedTail, node, last + 1,
                $"archive {archive.Path} says its records end at {header.LastSequence}, but they end at {last}: records were removed from its end");
        }

        if (archive.EndCount != archive.RecordLines)
        {
            return new AuditBreak(AuditBreakKind.RemovedRecord, node, last,
                $"archive {archive.Path}'s end line counts {archive.EndCount} records, but it holds {archive.RecordLines}: records were removed or added");
        }

        AuditCheckpoint? signed = archive.ReadCheckpoints(node).LastOrDefault(c => c.Sequence == header.LastSequence);
        if (signed is null)
        {
            return new AuditBreak(AuditBreakKind.BadCheckpoint, node, header.LastSequence,
                $"no checkpoint in archive {archive.Path} signs its last record {header.LastSequence}: the archive's tail is not proven");
        }

        return signed.HeadHash.AsSpan().SequenceEqual(header.HeadHash)
            ? null
            : new AuditBreak(AuditBreakKind.BadCheckpoint, node, header.LastSequence,
                $"archive {archive.Path}'s header names head {Convert.ToHexStringLower(header.HeadHash.AsSpan(0, 8))}… for record {header.LastSequence}, but its checkpoint signs {Convert.ToHexStringLower(signed.HeadHash.AsSpan(0, 8))}…: the header was changed");
    }
}
