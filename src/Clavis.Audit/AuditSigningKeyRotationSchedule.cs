using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>When a node rotates its checkpoint signing key on its own (<see cref="AuditCheckpointSigner.AutomaticRotation"/>).</summary>
/// <param name="Every">The key's age at which it is replaced.</param>
/// <param name="Store">Where the new key and its hand-over are stored.</param>
/// <param name="RecordOf">The record of an automatic rotation (a Server record).</param>
public sealed record AuditSigningKeyRotationSchedule(TimeSpan Every, IAuditSigningKeyStore Store, Func<AuditKeyHandover, AuditRecord> RecordOf);
