namespace Clavis.Policy.Evaluation;

/// <summary>
/// Name patterns of <c>resources.name</c>: <c>*</c> matches any run of characters (also none), <c>?</c> exactly
/// one, everything else itself (ordinal, case-sensitive, as KMIP Names are). Greedy matching that only ever
/// backtracks to the last star, so a hostile pattern like <c>*a*a*a*b</c> costs at most pattern × name steps,
/// never exponential time; no allocation. Also the CLI's <c>--name-glob</c>, so a pattern means the same everywhere.
/// </summary>
public static class GlobPattern
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    /// <param name="pattern">The pattern: <c>*</c>, <c>?</c> and literal characters.</param>
    /// <param name="text">The name to test.</param>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0;
        int starPattern = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                // Remember the star: on a later mismatch the star absorbs one more character and we retry from there.
                starPattern = p++;
                starText = t;
            }
            else if (starPattern >= 0)
            {
                p = starPattern + 1;
                t = ++starText;
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
}
