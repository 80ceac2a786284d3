namespace Clavis.Core.Ports;

/// <summary>
/// What the store keeps of a range of a node's chain that was archived to a file and removed: where the chain
/// now starts (the range's last record and its hash) and which file holds the range.
/// </summary>
/// <param name="NodeId">The chain.</param>
/// <param name="FirstSequence">The archive's first record.</param>
/// <param name="LastSequence">The archive's last record; a signed checkpoint covers it, and the live chain continues after it.</param>
/// <param name="LastHash">The hash of <paramref name="LastSequence"/>, which the next record links to.</param>
/// <param name="FileName">The archive file's name (no folder: archives are moved).</param>
/// <param name="FileSha256">SHA-256 of the archive file.</param>
/// <param name="CreatedAt">When the range was archived.</param>
public sealed record AuditArchiveAnchor(string NodeId, long FirstSequence, long LastSequence, byte[] LastHash, string FileName, byte[] FileSha256, DateTimeOffset CreatedAt);
