using System.Collections.Immutable;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Policy.Actions;
using Clavis.Policy.Requests;

namespace Clavis.Core.Access;

/// <summary>
/// The grants an object carries in its <see cref="ClavisAttributes.Grant"/> attribute, one Text String per grant:
/// <c>user:NAME ACTIONS</c> or <c>group:NAME ACTIONS</c>, ACTIONS being operation names and action groups separated by
/// commas, after the last space (names may hold spaces, actions never do). STABLE FORMAT: stored on objects.
/// </summary>
public static class ObjectGrants
{
    /// <summary>The most grants one object may carry.</summary>
    public const int MaxGrants = 256;

    /// <summary>Reads a grant's text.</summary>
    /// <exception cref="KmipException">Invalid Attribute Value, saying what is wrong.</exception>
    public static ObjectGrant Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int space = text.LastIndexOf(' ');
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (space <= 0 || colon <= 0 || colon > space)
        {
            throw Invalid(text, "a grant reads \"user:NAME ACTIONS\" or \"group:NAME ACTIONS\"");
        }

        GranteeKind kind = text[..colon] switch
        {
            "user" => GranteeKind.User,
            "group" => GranteeKind.Group,
            _ => throw Invalid(text, $"the grantee kind \"{text[..colon]}\" is neither user nor group"),
        };
        string grantee = text[(colon + 1)..space];
        if (grantee.Length == 0 || grantee.Trim().Length != grantee.Length)
        {
            throw Invalid(text, "the grantee name is empty or has leading or trailing spaces");
        }

        OperationSet operations = OperationSet.Empty;
        foreach (string action in text[(space + 1)..].Split(','))
        {
            if (!PolicyActions.TryResolve(action, out _, out OperationSet named))
            {
                throw Invalid(text, $"\"{action}\" is neither a KMIP operation nor an action group (docs/policy.md)");
            }

            operations = operations.Union(named);
        }

        return new ObjectGrant(kind, grantee, operations);
    }

    /// <summary>Writes a grant's text.</summary>
    public static string Format(GranteeKind kind, string grantee, IEnumerable<string> actions)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        ArgumentNullException.ThrowIfNull(actions);
        return $"{(kind == GranteeKind.User ? "user" : "group")}:{grantee} {string.Join(',', actions)}";
    }

    /// <summary>
    /// The grants <paramref name="managedObject"/> carries. Values were checked when written; one that no longer
    /// reads (an action group renamed since) grants nothing rather than stopping every request on the object.
    /// </summary>
    public static ImmutableArray<ObjectGrant> Of(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        IReadOnlyList<TtlvNode> values = managedObject.Attributes.Get(ClavisAttributes.Grant);
        if (values.Count == 0)
        {
            return [];
        }

        var grants = ImmutableArray.CreateBuilder<ObjectGrant>(values.Count);
        foreach (TtlvNode value in values)
        {
            if (value.Type == TtlvType.TextString)
            {
                try
                {
                    grants.Add(Parse(value.TextStringValue));
                }
                catch (KmipException)
                {
                    // Grants nothing: deny by default.
                }
            }
        }

        return grants.ToImmutable();
    }

    private static KmipException Invalid(string text, string problem) =>
        new(ResultReason.InvalidAttributeValue, $"grant \"{text}\": {problem}");
}
