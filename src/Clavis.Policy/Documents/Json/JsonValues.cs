using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Clavis.Policy.Documents.Json;

/// <summary>Typed reads of JSON values with errors that name the path and what was found instead.</summary>
internal static class JsonValues
{
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    public static string String(JsonElement element, string path, int maxLength = 1024)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new PolicyDocumentException(path, $"expected a string, got {Describe(element)}");
        }

        var value = element.GetString()!;
        if (value.Length == 0)
        {
            throw new PolicyDocumentException(path, "must not be empty");
        }

        if (value.Length > maxLength)
        {
            throw new PolicyDocumentException(path, $"is longer than {maxLength} characters");
        }

        return value;
    }

    public static long Integer(JsonElement element, string path, long min, long max = long.MaxValue)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            throw new PolicyDocumentException(path, $"expected a whole number, got {Describe(element)}");
        }

        if (value < min || value > max)
        {
            throw new PolicyDocumentException(path, max == long.MaxValue ? $"{value} is less than {min}" : $"{value} is outside {min}–{max}");
        }

        return value;
    }

    /// <summary>A selector flag that may only be <c>true</c>: <c>false</c> would select nothing and is almost certainly a mistake.</summary>
    public static bool True(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.True)
        {
            throw new PolicyDocumentException(path, $"must be true (omit it otherwise), got {Describe(element)}");
        }

        return true;
    }

    public static List<JsonElement> NonEmptyArray(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PolicyDocumentException(path, $"expected an array, got {Describe(element)}");
        }

        var items = element.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            throw new PolicyDocumentException(path, "must not be empty");
        }

        return items;
    }

    /// <summary>The name [A-Za-z0-9._-], 1–128 characters, of documents and statements (they appear in rule identifiers, so no '@' or '#').</summary>
    public static string Identifier(JsonElement element, string path)
    {
        var value = String(element, path, maxLength: 128);
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new PolicyDocumentException(path, $"\"{value}\" may only contain letters, digits, '.', '_' and '-'");
            }
        }

        return value;
    }

    /// <summary>Enumeration names, case-insensitive, never numbers (Enum.TryParse would take "3" or "AES, RSA").</summary>
    public static FrozenDictionary<string, T> NamesOf<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(value => value.ToString(), StringComparer.OrdinalIgnoreCase);

    public static T EnumName<T>(JsonElement element, string path, FrozenDictionary<string, T> names, string what, string hint = "")
        where T : struct, Enum
    {
        var text = String(element, path);
        if (!names.TryGetValue(text, out var value))
        {
            throw new PolicyDocumentException(path, $"\"{text}\" is not a {what} name{hint}");
        }

        return value;
    }

    public static bool TryTimeOfDay(string text, [NotNullWhen(true)] out TimeOnly? time)
    {
        time = null;
        // Exactly HH:mm, 00:00–23:59; TimeOnly.TryParseExact would also take surrounding white space.
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return false;
        }

        var hour = ((text[0] - '0') * 10) + (text[1] - '0');
        var minute = ((text[3] - '0') * 10) + (text[4] - '0');
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }
}
