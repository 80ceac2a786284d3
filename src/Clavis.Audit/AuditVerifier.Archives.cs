using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

public static partial class AuditVerifier
{
    // Archived ranges are not breaks, but a verifier must be told where the chain it checked starts.
    private static void NoteArchives(IAuditReader reader, string node, IReadOnlyList<AuditArchiveAnchor> archives, AuditVerifierOptions options, AuditVerification result)
    {
        foreach (AuditArchiveAnchor archive in archives)
        {
            result.Notes.Add($"node {node}: records {archive.FirstSequence}..{archive.LastSequence} archived to {archive.FileName} (sha256 {Convert.ToHexStringLower(archive.FileSha256)}) at {archive.CreatedAt:O}");
        }

        if (archives.Count == 0)
        {
            return;
        }

        AuditArchiveAnchor newest = archives[^1];
        if (options.FromSequence > 1 && options.FromSequence <= newest.LastSequence)
        {
            result.Notes.Add($"node {node}: records {options.FromSequence}..{Math.Min(newest.LastSequence, options.ToSequence ?? long.MaxValue)} of the range asked for are archived, not in this journal: verify them with clavis audit verify --archive FILE");
        }

        // An archive whose removal was interrupted (a crash between steps) leaves archived rows behind; the chain
        // no longer needs them, and the next archive removes them.
        if (reader.ReadRecords(node, 1, newest.LastSequence).Any())
        {
            result.Notes.Add($"node {node}: some records up to {newest.LastSequence} are archived but still in the store (an archive was interrupted); the next archive removes them");
        }
    }

    // The anchor is where the stored chain starts, so it must be as trustworthy as a record: its hash signed by
    // a checkpoint, and the anchor itself confirmed by the ArchiveAudit record committed with it, which whoever
    // removes records and plants an anchor cannot add to the chain.
    private static AuditBreak? CheckAnchor(ChainWalk walk, IReadOnlyList<AuditCheckpoint> checkpoints, AuditVerifierOptions options)
    {
        if (walk.Anchor is not AuditArchiveAnchor anchor || !walk.StartsAtAnchor)
        {
            return null;
        }

        if (!checkpoints.Any(c => c.Sequence == anchor.LastSequence))
        {
            return new AuditBreak(AuditBreakKind.BadCheckpoint, walk.NodeId, anchor.LastSequence,
                $"the archive anchor of records {anchor.FirstSequence}..{anchor.LastSequence} ({anchor.FileName}) names record {anchor.LastSequence}, which no checkpoint signs: the anchor was forged or its checkpoint removed");
        }

        if (options.ConfirmArchiveAnchors && options.ToSequence is null && !walk.AnchorConfirmed)
        {
            return new AuditBreak(AuditBreakKind.RemovedRecord, walk.NodeId, anchor.FirstSequence,
                $"records {anchor.FirstSequence}..{anchor.LastSequence} are gone, and no {AuditArchiver.Operation} record in the chain confirms the archive anchor that names {anchor.FileName}: the records were removed and the anchor planted");
        }

        return null;
    }

    private static bool Confirms(StoredAuditRecord row, AuditArchiveAnchor anchor)
    {
        AuditRecord record;
        try
        {
            record = AuditRecordCodec.Decode(row.Encoded).Record;
        }
        catch (FormatException)
        {
            return false;
        }

        return record.ResultStatus == "Success" && string.Equals(record.Message, AuditArchiver.Describe(anchor), StringComparison.Ordinal);
    }

    /// <summary>One chain's walk: where it starts, what it saw, how far it got.</summary>
    private sealed class ChainWalk(string nodeId, AuditArchiveAnchor? anchor, HashSet<long> wanted, Dictionary<long, byte[]> seen)
    {
        public string NodeId { get; } = nodeId;

        /// <summary>The newest archive anchor of the chain, if any.</summary>
        public AuditArchiveAnchor? Anchor { get; } = anchor;

        /// <summary>Sequences whose hash a checkpoint names.</summary>
        public HashSet<long> Wanted { get; } = wanted;

        /// <summary>The hashes of <see cref="Wanted"/> records as walked (and of the anchor).</summary>
        public Dictionary<long, byte[]> Seen { get; } = seen;

        /// <summary>The last record walked (the one before the first when none was).</summary>
        public long Last { get; set; }

        /// <summary>True when the walk started right after <see cref="Anchor"/>.</summary>
        public bool StartsAtAnchor { get; set; }

        /// <summary>True when an ArchiveAudit record naming <see cref="Anchor"/> was walked.</summary>
        public bool AnchorConfirmed { get; set; }
    }
}
