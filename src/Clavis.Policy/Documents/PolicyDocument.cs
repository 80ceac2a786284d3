using System.Collections.Immutable;
using System.Text.Json;
using Clavis.Policy.Documents.Json;

namespace Clavis.Policy.Documents;

/// <summary>
/// A policy document: a named list of statements, parsed from JSON and fully validated, so that every
/// <see cref="PolicyDocument"/> that exists is one the engine can compile. The document carries no version: the
/// store keeps versions, and <see cref="PolicySet.Compile"/> takes each document with its version so that
/// decisions cite <c>name@version#statement</c>. docs/policy.md is the format reference.
/// </summary>
public sealed class PolicyDocument
{
    internal PolicyDocument(string name, string? description, ImmutableArray<PolicyStatement> statements)
    {
        Name = name;
        Description = description;
        Statements = statements;
    }

    /// <summary>The document's name: 1–128 characters of <c>A–Z a–z 0–9 . _ -</c>.</summary>
    public string Name { get; }

    /// <summary>What the document is for, or null.</summary>
    public string? Description { get; }

    /// <summary>The statements, in document order.</summary>
    public ImmutableArray<PolicyStatement> Statements { get; }

    /// <summary>
    /// Parses and validates a policy document. Unknown properties, duplicate properties, unknown action, type or
    /// algorithm names and malformed conditions are all errors, because a typo must never silently widen or narrow
    /// access.
    /// </summary>
    /// <param name="json">The document as JSON text (no comments, no trailing commas).</param>
    /// <returns>The document.</returns>
    /// <exception cref="PolicyDocumentException">The document is not valid; the message names the JSON path and the problem.</exception>
    public static PolicyDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, PolicyDocumentParser.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyDocumentException(
                "$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of the line): {PolicyDocumentParser.JsonProblem(e)}", e);
        }

        using (parsed)
        {
            return PolicyDocumentParser.ReadDocument(parsed.RootElement);
        }
    }

    /// <summary>
    /// The document as canonical JSON: properties in a fixed order, names in their canonical spelling (operations as
    /// the <see cref="Kmip.Operation"/> enumeration spells them, groups and effects in lower case), two-space
    /// indentation, <c>\n</c> line ends. <c>Parse(ToJson())</c> gives an equivalent document with the same JSON.
    /// </summary>
    public string ToJson() => PolicyDocumentWriter.Write(this);
}
