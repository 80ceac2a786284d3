namespace Clavis.Core.Identity.Registry;

/// <summary>
/// The document kinds (<see cref="Ports.IDocumentStore"/>) that hold the principal registry. STABLE FORMAT: stored
/// documents are found by these names.
/// </summary>
public static class RegistryDocumentKinds
{
    /// <summary>A user who authenticates with a Username and Password credential; the document name is the username.</summary>
    public const string User = "user";

    /// <summary>A device that authenticates with a Device credential; the document name is its serial number (or device identifier).</summary>
    public const string Device = "device";

    /// <summary>Facts about a client certificate, by fingerprint or subject; the document name is the entry's name.</summary>
    public const string Client = "client";

    /// <summary>The ordered mapping rules: one document, named <see cref="PrincipalRulesName"/>.</summary>
    public const string PrincipalRules = "principal-rules";

    /// <summary>The name of the one <see cref="PrincipalRules"/> document.</summary>
    public const string PrincipalRulesName = "rules";
}
