using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>What an archive made.</summary>
/// <param name="Anchor">The anchor the store keeps (range, last hash, file name and SHA-256).</param>
/// <param name="FilePath">The archive file, as a full path.</param>
/// <param name="Records">Records in the file.</param>
/// <param name="FileBytes">The file's size.</param>
/// <param name="RemovedRecords">Records removed from the store (this range, and any an interrupted archive left behind).</param>
/// <param name="Elapsed">How long it took, removal included.</param>
public sealed record AuditArchiveResult(AuditArchiveAnchor Anchor, string FilePath, long Records, long FileBytes, long RemovedRecords, TimeSpan Elapsed);
