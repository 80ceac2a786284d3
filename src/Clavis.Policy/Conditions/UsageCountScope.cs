namespace Clavis.Policy.Conditions;

/// <summary>What a <c>usageCount</c> condition counts uses of (its <c>per</c> field).</summary>
public enum UsageCountScope
{
    /// <summary><c>"object"</c>: all uses of the object, by anyone, under the statement.</summary>
    Object = 0,

    /// <summary><c>"principal"</c>: all uses by the principal, of any object, under the statement.</summary>
    Principal = 1,

    /// <summary><c>"objectAndPrincipal"</c>: the principal's uses of this object under the statement.</summary>
    ObjectAndPrincipal = 2,
}
