using System.Collections.Immutable;
using System.Globalization;

namespace Clavis.Kmip;

/// <summary>A KMIP protocol version (Protocol Version Major / Minor).</summary>
/// <param name="Major">The Protocol Version Major.</param>
/// <param name="Minor">The Protocol Version Minor.</param>
public readonly record struct ProtocolVersion(int Major, int Minor) : IComparable<ProtocolVersion>
{
    /// <summary>KMIP 1.0.</summary>
    public static ProtocolVersion V1_0 { get; } = new(1, 0);

    /// <summary>KMIP 1.1.</summary>
    public static ProtocolVersion V1_1 { get; } = new(1, 1);

    /// <summary>KMIP 1.2.</summary>
    public static ProtocolVersion V1_2 { get; } = new(1, 2);

    /// <summary>KMIP 1.3.</summary>
    public static ProtocolVersion V1_3 { get; } = new(1, 3);

    /// <summary>KMIP 1.4.</summary>
    public static ProtocolVersion V1_4 { get; } = new(1, 4);

    /// <summary>KMIP 2.0.</summary>
    public static ProtocolVersion V2_0 { get; } = new(2, 0);

    /// <summary>KMIP 2.1.</summary>
    public static ProtocolVersion V2_1 { get; } = new(2, 1);

    /// <summary>The versions Clavis speaks, oldest first.</summary>
    public static ImmutableArray<ProtocolVersion> All { get; } = [V1_0, V1_1, V1_2, V1_3, V1_4, V2_0, V2_1];

    /// <inheritdoc />
    public int CompareTo(ProtocolVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>Whether <paramref name="left"/> is older than <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    public static bool operator <(ProtocolVersion left, ProtocolVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is newer than <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    public static bool operator >(ProtocolVersion left, ProtocolVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is older than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    public static bool operator <=(ProtocolVersion left, ProtocolVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    public static bool operator >=(ProtocolVersion left, ProtocolVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Formats the version as "major.minor", for example "2.1".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>Parses "major.minor" (non-negative decimal numbers, for example "1.4").</summary>
    /// <param name="text">The text to parse; no surrounding white space is allowed.</param>
    /// <param name="version">The version, or default when parsing fails.</param>
    /// <returns>Whether <paramref name="text"/> was a version.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ProtocolVersion version)
    {
        version = default;
        var dot = text.IndexOf('.');
        if (dot < 0
            || !int.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }
        version = new ProtocolVersion(major, minor);
        return true;
    }
}
