using System.Globalization;

namespace Clavis.Policy.Documents.Json;

/// <summary>Builds the JSON paths error messages cite: <c>statements[2].conditions.timeWindow.start</c>, with <c>$</c> for the root.</summary>
internal static class JsonPathText
{
    public const string Root = "$";

    public static string Property(string parent, string name) => parent == Root ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
}
