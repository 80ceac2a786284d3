namespace Clavis.Core.Attributes;

/// <summary>Who may give an attribute its first value (KMIP 2.1 §4, "Initially set by").</summary>
[Flags]
public enum AttributeSource
{
    /// <summary>Nobody (not used by a rule; the empty set).</summary>
    None = 0,

    /// <summary>The server sets it, from its own knowledge or as a side effect of an operation.</summary>
    Server = 1,

    /// <summary>The client may supply it in Create, Register (or a Template it names).</summary>
    Client = 2,
}
