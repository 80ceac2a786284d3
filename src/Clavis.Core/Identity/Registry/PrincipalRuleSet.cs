namespace Clavis.Core.Identity.Registry;

/// <summary>The mapping rules in their order: every rule that matches applies, first to last.</summary>
/// <param name="Rules">The rules.</param>
/// <param name="Version">The document version they were read from (0: none written yet).</param>
public sealed record PrincipalRuleSet(IReadOnlyList<PrincipalRule> Rules, int Version)
{
    /// <summary>Most rules one document may hold: every message without a cached principal runs through them all.</summary>
    public const int MaxRules = 1000;

    /// <summary>No rules.</summary>
    public static PrincipalRuleSet Empty { get; } = new([], 0);
}
