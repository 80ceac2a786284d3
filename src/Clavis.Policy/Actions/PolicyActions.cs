using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Clavis.Kmip;

namespace Clavis.Policy.Actions;

/// <summary>
/// The action vocabulary of policy documents: every KMIP operation by its <see cref="Operation"/> name, and the
/// named groups (<c>use:*</c>, <c>read:*</c>, <c>manage:*</c>, …). Names are case-insensitive; their canonical
/// spelling is the enumeration's for operations and lower case for groups. docs/policy.md lists each group.
/// </summary>
public static class PolicyActions
{
    /// <summary>The group of every operation, including operations this version of Clavis does not know.</summary>
    public const string Everything = "*";

    // Operations that compute with the value of the object they name: what "use" means for a key.
    private static readonly OperationSet s_use = OperationSet.Of(
        Operation.Encrypt, Operation.Decrypt, Operation.Sign, Operation.SignatureVerify, Operation.MAC, Operation.MACVerify,
        Operation.DeriveKey, Operation.CreateSplitKey, Operation.JoinSplitKey);

    // The operations that return the key material itself.
    private static readonly OperationSet s_export = OperationSet.Of(Operation.Get, Operation.Export);

    // Reading an object's metadata, never its value: what an administrator or auditor needs.
    private static readonly OperationSet s_readMetadata = OperationSet.Of(
        Operation.GetAttributes, Operation.GetAttributeList, Operation.Locate, Operation.Check);

    private static readonly OperationSet s_manage = OperationSet.Of(
        Operation.Activate, Operation.Revoke, Operation.Destroy, Operation.Archive, Operation.Recover,
        Operation.AddAttribute, Operation.ModifyAttribute, Operation.DeleteAttribute, Operation.SetAttribute, Operation.AdjustAttribute,
        Operation.ReKey, Operation.ReKeyKeyPair, Operation.ReCertify, Operation.ObtainLease, Operation.GetUsageAllocation);

    private static readonly OperationSet s_create = OperationSet.Of(
        Operation.Create, Operation.CreateKeyPair, Operation.Register, Operation.DeriveKey, Operation.Certify, Operation.Import,
        Operation.CreateSplitKey, Operation.JoinSplitKey);

    /// <summary>Each group by its canonical name, in the order docs/policy.md lists them.</summary>
    public static IReadOnlyList<KeyValuePair<string, OperationSet>> Groups { get; } =
    [
        new("use:encrypt", OperationSet.Of(Operation.Encrypt)),
        new("use:decrypt", OperationSet.Of(Operation.Decrypt)),
        new("use:sign", OperationSet.Of(Operation.Sign)),
        new("use:verify", OperationSet.Of(Operation.SignatureVerify)),
        new("use:mac", OperationSet.Of(Operation.MAC, Operation.MACVerify)),
        new("use:*", s_use),
        new("read:metadata", s_readMetadata),
        new("read:*", s_readMetadata.Union(s_export).Union(OperationSet.Of(Operation.Validate))),
        // Not "export": names are case-insensitive, and that would be the KMIP Export operation's name.
        new("export:*", s_export),
        new("manage:*", s_manage),
        new("create:*", s_create),
        new(Everything, OperationSet.All),
    ];

    private static readonly FrozenDictionary<string, KeyValuePair<string, OperationSet>> s_byName = BuildNames();

    /// <summary>Resolves an action name (an operation or a group, any case) to its operations and canonical spelling.</summary>
    /// <param name="name">The name as written in a document.</param>
    /// <param name="canonicalName">The enumeration's spelling of an operation, or the group's lower-case name.</param>
    /// <param name="operations">The operations the name stands for.</param>
    /// <returns>Whether <paramref name="name"/> is an operation or a group.</returns>
    public static bool TryResolve(string name, [NotNullWhen(true)] out string? canonicalName, out OperationSet operations)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_byName.TryGetValue(name, out var entry))
        {
            canonicalName = entry.Key;
            operations = entry.Value;
            return true;
        }

        canonicalName = null;
        operations = OperationSet.Empty;
        return false;
    }

    private static FrozenDictionary<string, KeyValuePair<string, OperationSet>> BuildNames()
    {
        var names = new Dictionary<string, KeyValuePair<string, OperationSet>>(StringComparer.OrdinalIgnoreCase);
        // Names only: Enum.TryParse would also take "31" or "Encrypt, Decrypt", which a document must not use.
        foreach (var operation in Enum.GetValues<Operation>())
        {
            names.Add(operation.ToString(), new(operation.ToString(), OperationSet.Of(operation)));
        }

        foreach (var group in Groups)
        {
            names.Add(group.Key, group);
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
