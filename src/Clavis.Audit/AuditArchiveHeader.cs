using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>The first line of an archive file: which range of which chain it holds, and the archive before it.</summary>
/// <param name="NodeId">The chain.</param>
/// <param name="FirstSequence">The first record in the file.</param>
/// <param name="LastSequence">The last record in the file; a checkpoint in the file signs it.</param>
/// <param name="HeadHash">The hash of <paramref name="LastSequence"/>.</param>
/// <param name="CreatedAt">When the archive was made.</param>
/// <param name="PreviousArchive">
/// The anchor of the archive the range follows (its last record is the one before <paramref name="FirstSequence"/>),
/// or null when the range starts at record 1.
/// </param>
public sealed record AuditArchiveHeader(string NodeId, long FirstSequence, long LastSequence, byte[] HeadHash, DateTimeOffset CreatedAt, AuditArchiveAnchor? PreviousArchive);
