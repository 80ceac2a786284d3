using Clavis.Policy.Actions;

namespace Clavis.Policy.Requests;

/// <summary>
/// A right the owner of an object gave to another principal or group: exactly these operations on this object.
/// Grants are evaluated in the default tier, beside the default document (see <see cref="PolicySet"/>), and are
/// cited as <c>grant:user:NAME</c> or <c>grant:group:NAME</c>.
/// </summary>
public sealed class ObjectGrant
{
    /// <summary>Creates a grant.</summary>
    /// <param name="kind">Whether <paramref name="grantee"/> names a principal or a group.</param>
    /// <param name="grantee">The principal's or group's exact name.</param>
    /// <param name="actions">The operations granted.</param>
    /// <exception cref="ArgumentException"><paramref name="grantee"/> is empty, or <paramref name="kind"/> is not defined.</exception>
    public ObjectGrant(GranteeKind kind, string grantee, OperationSet actions)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantee);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentException($"grantee kind {kind} is not defined", nameof(kind));
        }

        Kind = kind;
        Grantee = grantee;
        Actions = actions;
        // Built once here so that a decision citing the grant allocates nothing.
        RuleId = kind == GranteeKind.User ? $"grant:user:{grantee}" : $"grant:group:{grantee}";
    }

    /// <summary>Whether the grant names a principal or a group.</summary>
    public GranteeKind Kind { get; }

    /// <summary>The principal's or group's name.</summary>
    public string Grantee { get; }

    /// <summary>The operations granted.</summary>
    public OperationSet Actions { get; }

    /// <summary>How decisions cite the grant: <c>grant:user:NAME</c> or <c>grant:group:NAME</c>.</summary>
    public string RuleId { get; }

    internal bool Allows(Principal principal, Kmip.Operation operation) =>
        Actions.Contains(operation)
        && (Kind == GranteeKind.User ? string.Equals(principal.Name, Grantee, StringComparison.Ordinal) : principal.IsInGroup(Grantee));
}
