namespace Clavis.Core.Identity.Registry;

/// <summary>
/// A glob over names: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one; everything else
/// matches itself. No escapes: subjects, SANs and usernames do not contain <c>*</c> or <c>?</c> in practice.
/// </summary>
public sealed class NamePattern
{
    private readonly StringComparison _comparison;

    /// <summary>Creates a pattern.</summary>
    /// <param name="text">The pattern.</param>
    /// <param name="ignoreCase">True to compare ordinally ignoring case (distinguished names, DNS names); false for exact.</param>
    public NamePattern(string text, bool ignoreCase)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True when <paramref name="value"/> matches the whole pattern.</summary>
    public bool IsMatch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlySpan<char> pattern = Text;
        ReadOnlySpan<char> input = value;
        // Greedy with one backtrack point (the last '*'): linear in practice, never exponential.
        int p = 0, i = 0, star = -1, resume = 0;
        while (i < input.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = i;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern.Slice(p, 1).Equals(input.Slice(i, 1), _comparison)))
            {
                p++;
                i++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                i = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>The pattern as written.</summary>
    public override string ToString() => Text;
}
