namespace Clavis.Core.Lifecycle;

/// <summary>What one run of the <see cref="LifecycleScheduler"/> did.</summary>
/// <param name="Transitioned">Objects whose state changed because a date came (activation, deactivation).</param>
/// <param name="Purged">Destroyed objects whose metadata was removed after the retention period.</param>
/// <param name="Skipped">Objects another request changed at the same time; the next run looks at them again.</param>
/// <param name="Rotated">Keys re-keyed by their automatic rotation policy (KMIP 2.1 Rotate Automatic).</param>
public sealed record LifecycleSweep(int Transitioned, int Purged, int Skipped, int Rotated = 0);
