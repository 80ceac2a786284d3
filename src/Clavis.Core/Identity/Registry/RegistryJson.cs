using System.Globalization;
using System.Text;
using System.Text.Json;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity.Registry;

/// <summary>
/// The JSON of the principal registry: the stored documents (STABLE FORMAT: written once, read by every later
/// version), the admin API's request bodies (which may carry a password, never stored as such), and its answers
/// (which never carry a password or hash). Field names are camelCase; docs/identity.md lists them.
/// </summary>
internal static partial class RegistryJson
{
    /// <summary>Fewest characters a new password may have.</summary>
    public const int MinPasswordCharacters = 8;

    /// <summary>Most UTF-8 bytes a password may have.</summary>
    public const int MaxPasswordBytes = 1024;

    /// <summary>Parses a stored body or request body, turning a syntax error into Invalid Field.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            // Does not copy: a body holding a password stays in the caller's buffer, which the caller zeroes.
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw JsonFieldReader.Invalid($"{what}: the body is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>Writes JSON with <paramref name="write"/> and returns it as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A password hash read from an import (<c>passwordHash</c>) or a stored document.</summary>
    private static PasswordHash ReadHash(string encoded, string what)
    {
        try
        {
            return PasswordHash.Parse(encoded);
        }
        catch (PasswordHashFormatException ex)
        {
            throw JsonFieldReader.Invalid($"{what}: field 'passwordHash' is not accepted: {ex.Message}");
        }
    }

    private static void WriteAttributes(Utf8JsonWriter writer, PrincipalAttributes attributes)
    {
        WriteIfSet(writer, "deviceType", attributes.DeviceType);
        WriteIfSet(writer, "deviceClass", attributes.DeviceClass);
        WriteIfSet(writer, "application", attributes.Application);
        if (attributes.SoftwareLevel is int software)
        {
            writer.WriteNumber("softwareLevel", software);
        }

        if (attributes.HardwareLevel is int hardware)
        {
            writer.WriteNumber("hardwareLevel", hardware);
        }
    }

    private static PrincipalAttributes ReadAttributes(JsonFieldReader fields) => new(
        fields.Text("deviceType"),
        fields.Text("deviceClass"),
        fields.Text("application"),
        fields.Level("softwareLevel"),
        fields.Level("hardwareLevel"));

    private static void WriteGroups(Utf8JsonWriter writer, IReadOnlyList<string> groups)
    {
        writer.WriteStartArray("groups");
        foreach (string group in groups)
        {
            writer.WriteStringValue(group);
        }

        writer.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // Every answer says which version it shows and who wrote it, so an administrator can follow changes.
    private static void WriteMetadata(Utf8JsonWriter writer, StoredDocument document)
    {
        writer.WriteNumber("version", document.Version);
        writer.WriteString("changedAt", document.ChangedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("changedBy", document.ChangedBy);
    }
}
