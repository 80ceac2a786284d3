using System.Text.Json.Serialization;

namespace Clavis.Server.Hosting;

/// <summary>What GET /health answers.</summary>
/// <param name="Status">"ok" when the node serves.</param>
/// <param name="KmipPort">The KMIP port.</param>
/// <param name="Seal">"sealed" or "development".</param>
/// <param name="Objects">How many objects the store holds.</param>
/// <param name="AuditCheckpointCopy">"ok", or "failing" when the last audit checkpoint could not be copied outside the database.</param>
/// <param name="AuditCheckpointCopyFailures">Audit checkpoints that could not be copied outside the database since start.</param>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("kmipPort")] int KmipPort,
    [property: JsonPropertyName("seal")] string Seal,
    [property: JsonPropertyName("objects")] long Objects,
    [property: JsonPropertyName("auditCheckpointCopy")] string AuditCheckpointCopy,
    [property: JsonPropertyName("auditCheckpointCopyFailures")] long AuditCheckpointCopyFailures);

/// <summary>Source-generated JSON for <see cref="HealthReport"/>.</summary>
[JsonSerializable(typeof(HealthReport))]
public sealed partial class HealthJsonContext : JsonSerializerContext;
