using Clavis.Policy.Documents;

namespace Clavis.Policy;

/// <summary>A policy document as the store published it: the document and its version, which decisions cite (<c>name@version#statement</c>).</summary>
/// <param name="Document">The document.</param>
/// <param name="Version">The store's version number of the document, at least 1.</param>
public readonly record struct VersionedPolicyDocument(PolicyDocument Document, int Version);
