namespace Clavis.Core.Identity.Registry;

/// <summary>One mapping rule: when <see cref="Match"/> holds, <see cref="Assign"/> applies.</summary>
/// <param name="Name">The rule's name, unique in its document; audit and claims cite it.</param>
/// <param name="Match">When it applies.</param>
/// <param name="Assign">What it does.</param>
public sealed record PrincipalRule(string Name, PrincipalRuleMatch Match, PrincipalRuleAssignment Assign);
