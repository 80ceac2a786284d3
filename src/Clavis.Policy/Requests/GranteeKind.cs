namespace Clavis.Policy.Requests;

/// <summary>Whom an ownership grant names.</summary>
public enum GranteeKind
{
    /// <summary>One principal, by its exact name.</summary>
    User = 0,

    /// <summary>Every member of a group.</summary>
    Group = 1,
}
