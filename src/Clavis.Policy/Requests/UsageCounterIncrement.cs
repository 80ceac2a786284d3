namespace Clavis.Policy.Requests;

/// <summary>
/// A counter the caller must increment, in the same transaction as the operation an allow decision let through.
/// The caller should increment only while the count is below <see cref="Max"/> (and refuse the operation
/// otherwise), because two requests evaluated at the same time both saw the count below it.
/// </summary>
/// <param name="Key">The counter.</param>
/// <param name="Max">The number of uses the statement allows in all.</param>
public readonly record struct UsageCounterIncrement(UsageCounterKey Key, long Max);
