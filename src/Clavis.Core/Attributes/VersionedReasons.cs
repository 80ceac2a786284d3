using Clavis.Kmip;

namespace Clavis.Core.Attributes;

/// <summary>
/// Picks a Result Reason the request's protocol version defines: KMIP 2.0 added precise reasons
/// (Attribute Read Only, Attribute Not Found …) that a 1.x client cannot decode, so 1.x gets the older
/// reason the 1.x spec and PyKMIP use for the same failure.
/// </summary>
public static class VersionedReasons
{
    private static readonly EnumerationDefinition s_reasons = KmipVocabulary.TryGetEnumeration("ResultReason", out EnumerationDefinition? table)
        ? table
        : throw new InvalidOperationException("the vocabulary has no Result Reason table");

    /// <summary><paramref name="preferred"/> when <paramref name="version"/> defines it, else <paramref name="fallback"/>.</summary>
    public static ResultReason Pick(ProtocolVersion version, ResultReason preferred, ResultReason fallback) =>
        IsDefinedIn(preferred, version) ? preferred : fallback;

    /// <summary>Whether <paramref name="version"/> defines <paramref name="reason"/>.</summary>
    public static bool IsDefinedIn(ResultReason reason, ProtocolVersion version) => s_reasons.IsDefinedIn((uint)reason, version);
}
