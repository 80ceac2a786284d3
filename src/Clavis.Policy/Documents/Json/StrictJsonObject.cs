using System.Text.Json;

namespace Clavis.Policy.Documents.Json;

/// <summary>
/// A JSON object read strictly: a property may appear once, and only the names the reader declares are allowed,
/// so a misspelt <c>efect</c> or <c>notAction</c> fails with "unknown property (expected …)" before anything
/// else about the object is reported, instead of being ignored.
/// </summary>
internal sealed class StrictJsonObject
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);

    /// <summary>Reads an object whose property names must be among <paramref name="allowedNames"/>; null allows any name (for <c>tags</c>).</summary>
    public StrictJsonObject(JsonElement element, string path, IReadOnlyList<string>? allowedNames)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentException(path, $"expected an object, got {JsonValues.Describe(element)}");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (allowedNames is not null && !allowedNames.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new PolicyDocumentException(PathOf(property.Name), $"unknown property (expected {string.Join(", ", allowedNames)})");
            }

            if (!_properties.TryAdd(property.Name, property.Value))
            {
                throw new PolicyDocumentException(PathOf(property.Name), "appears twice");
            }

            Names.Add(property.Name);
        }
    }

    public string Path { get; }

    /// <summary>The property names in document order.</summary>
    public List<string> Names { get; } = [];

    public int Count => _properties.Count;

    public string PathOf(string name) => JsonPathText.Property(Path, name);

    public JsonElement? Optional(string name) => _properties.TryGetValue(name, out var value) ? value : null;

    public JsonElement Required(string name) =>
        Optional(name) ?? throw new PolicyDocumentException(PathOf(name), "is required");
}
