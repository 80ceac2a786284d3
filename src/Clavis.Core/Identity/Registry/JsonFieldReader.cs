using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Kmip;

namespace Clavis.Core.Identity.Registry;

/// <summary>
/// Reads one JSON object strictly: unknown and repeated fields are refused, every value has one type and its limits,
/// and each error names the field (Invalid Field, which the admin API answers with 400).
/// </summary>
internal sealed class JsonFieldReader
{
    /// <summary>Longest name, group, type or application accepted.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Longest device identifier accepted.</summary>
    public const int MaxIdentifierLength = 256;

    /// <summary>Most groups one entry may add.</summary>
    public const int MaxGroups = 64;

    private readonly JsonElement _object;
    private readonly string _what;

    public JsonFieldReader(JsonElement element, string what, params string[] allowed)
    {
        _what = what;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{what} must be a JSON object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid($"{what}: unknown field '{property.Name}'; the fields are {string.Join(", ", allowed)}");
            }

            if (!seen.Add(property.Name))
            {
                throw Invalid($"{what}: field '{property.Name}' appears twice");
            }
        }

        _object = element;
    }

    public static KmipException Invalid(string message) => new(ResultReason.InvalidField, message);

    /// <summary>True when the field is present with a value other than null.</summary>
    public bool Has(string name) => _object.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A text field: 1 to <paramref name="maxLength"/> characters, no control characters, no surrounding spaces; null when absent.</summary>
    public string? Text(string name, int maxLength = MaxNameLength)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{_what}: field '{name}' must be a string");
        }

        string text = value.GetString()!;
        CheckText(text, $"{_what}: field '{name}'", maxLength);
        return text;
    }

    /// <summary>A level: an integer from 0 to 2^31 − 1; null when absent.</summary>
    public int? Level(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int level) || level < 0)
        {
            throw Invalid($"{_what}: field '{name}' must be a whole number from 0 to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}");
        }

        return level;
    }

    /// <summary>A true/false field; null when absent.</summary>
    public bool? Boolean(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"{_what}: field '{name}' must be true or false"),
        };
    }

    /// <summary>
    /// Group names: an array of distinct names, at most <see cref="MaxGroups"/>; empty when absent. The administrators
    /// group is refused: only a certificate's OU confers it, so a password or a rule can never make an administrator.
    /// </summary>
    public IReadOnlyList<string> Groups(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"{_what}: field '{name}' must be an array of group names");
        }

        var groups = new List<string>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw Invalid($"{_what}: field '{name}' must be an array of group names (strings)");
            }

            string group = item.GetString()!;
            CheckText(group, $"{_what}: a group in '{name}'", MaxNameLength);
            if (string.Equals(group, Identity.ClientIdentity.AdministratorsGroup, StringComparison.Ordinal))
            {
                throw Invalid($"{_what}: the {Identity.ClientIdentity.AdministratorsGroup} group comes only from a certificate's OU; the registry and mapping rules cannot grant it");
            }

            if (groups.Contains(group, StringComparer.Ordinal))
            {
                throw Invalid($"{_what}: group '{group}' is listed twice in '{name}'");
            }

            groups.Add(group);
        }

        if (groups.Count > MaxGroups)
        {
            throw Invalid($"{_what}: field '{name}' lists {groups.Count} groups; at most {MaxGroups}");
        }

        return groups;
    }

    /// <summary>A nested object; null when absent.</summary>
    public JsonElement? Object(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid($"{_what}: field '{name}' must be a JSON object");
    }

    /// <summary>An array; null when absent.</summary>
    public JsonElement? Array(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Invalid($"{_what}: field '{name}' must be an array");
    }

    /// <summary>
    /// A secret text field as UTF-8 bytes, unescaped straight from the JSON so the secret never becomes a string; the
    /// caller owns the array and zeroes it. Null when absent.
    /// </summary>
    public byte[]? SecretUtf8(string name, int minCharacters, int maxBytes)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{_what}: field '{name}' must be a string");
        }

        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length - 2 > maxBytes * 6)
        {
            // Even fully escaped (\uXXXX is 6 bytes per byte) it would be too long.
            throw Invalid($"{_what}: field '{name}' is longer than {maxBytes} bytes");
        }

        var reader = new Utf8JsonReader(raw);
        reader.Read();
        byte[] buffer = new byte[Math.Max(raw.Length, 1)];
        int length = reader.CopyString(buffer);
        byte[] secret = buffer.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        int characters = System.Text.Encoding.UTF8.GetCharCount(secret);
        if (characters < minCharacters || length > maxBytes)
        {
            CryptographicOperations.ZeroMemory(secret);
            throw Invalid($"{_what}: field '{name}' must be {minCharacters} to {maxBytes} bytes of UTF-8 with at least {minCharacters} characters");
        }

        return secret;
    }

    /// <summary>Checks a name-like text: length, no control characters, no surrounding white space.</summary>
    public static void CheckText(string text, string what, int maxLength)
    {
        if (text.Length == 0 || text.Length > maxLength || text.Any(char.IsControl) || text.Trim().Length != text.Length)
        {
            throw Invalid($"{what} must be 1 to {maxLength} characters, without control characters or surrounding spaces");
        }
    }

    private bool TryGet(string name, out JsonElement value) =>
        _object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
