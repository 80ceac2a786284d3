using Clavis.Policy.Documents;

namespace Clavis.Policy.Defaults;

/// <summary>
/// The built-in default document, <c>clavis-default</c>, shipped inside the assembly (Defaults/clavis-default.json)
/// and used by <see cref="PolicySet.Compile"/> unless the caller passes its own. It applies only when no operator
/// statement matched a request:
/// <c>owner</c> lets an object's owner do everything with it;
/// <c>authenticated-no-object</c> lets any authenticated principal call the operations that name no object
/// (Create, Create Key Pair, Register, Locate, Query, Discover Versions, RNG Retrieve, Hash, Poll, Cancel, Query
/// Asynchronous Requests, Login, Logout, Ping);
/// <c>administrators-manage</c> lets group <c>administrators</c> manage every object (<c>manage:*</c>) and read its
/// metadata (<c>read:metadata</c>) but neither use it cryptographically nor export it: separation of duties comes
/// from the absence of an allow, so an administrator who owns an object still uses it as its owner.
/// </summary>
public static class DefaultPolicy
{
    /// <summary>The default document's name.</summary>
    public const string Name = "clavis-default";

    /// <summary>
    /// The version decisions cite (<c>clavis-default@1#owner</c>). Bump it whenever Defaults/clavis-default.json
    /// changes, so audit records tell the two documents apart (DefaultPolicyTests pins the content to the version).
    /// </summary>
    public const int Version = 1;

    /// <summary>The embedded JSON, as shipped.</summary>
    public static string Json { get; } = ReadEmbeddedJson();

    /// <summary>The parsed default document.</summary>
    public static PolicyDocument Document { get; } = PolicyDocument.Parse(Json);

    /// <summary>The default document with <see cref="Version"/>.</summary>
    public static VersionedPolicyDocument Versioned => new(Document, Version);

    private static string ReadEmbeddedJson()
    {
        using var stream = typeof(DefaultPolicy).Assembly.GetManifestResourceStream("Clavis.Policy.Defaults.clavis-default.json")
            ?? throw new InvalidOperationException("the embedded default policy document is missing from Clavis.Policy");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
