namespace Clavis.Core.Identity.Registry;

/// <summary>What a mapping rule does to a principal it matches.</summary>
/// <param name="Groups">Groups added.</param>
/// <param name="Attributes">Facts set (those given replace what earlier steps said).</param>
/// <param name="IdentityFromUsername">
/// True to make the verified username the principal's name (a gateway's shared certificate carrying each user's credential);
/// without a verified username the name stays the certificate's.
/// </param>
public sealed record PrincipalRuleAssignment(IReadOnlyList<string> Groups, PrincipalAttributes Attributes, bool IdentityFromUsername);
