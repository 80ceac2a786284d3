using System.Text.Json;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity.Registry;

internal static partial class RegistryJson
{
    private static readonly string[] s_storedDeviceFields =
        ["deviceIdentifier", "networkIdentifier", "machineIdentifier", "mediaIdentifier", "passwordHash", "deviceType", "deviceClass", "application", "softwareLevel", "hardwareLevel", "groups"];

    private static readonly string[] s_deviceInputFields = [.. s_storedDeviceFields, "password", "removePassword"];

    /// <summary>A device as stored: its identifiers, an optional <c>passwordHash</c>, attributes and groups.</summary>
    public static RegisteredDevice ReadDevice(StoredDocument document)
    {
        string what = $"device \"{document.Name}\"";
        using JsonDocument json = Parse(System.Text.Encoding.UTF8.GetBytes(document.Body!), what);
        var fields = new JsonFieldReader(json.RootElement, what, s_storedDeviceFields);
        PasswordHash? hash = fields.Text("passwordHash", 512) is string encoded ? ReadHash(encoded, what) : null;
        return new RegisteredDevice(document.Name, ReadIdentifiers(fields), hash, ReadAttributes(fields), fields.Groups("groups"), document.Version);
    }

    /// <summary>The stored form of a device.</summary>
    public static string WriteDevice(DeviceIdentifiers identifiers, PasswordHash? hash, PrincipalAttributes attributes, IReadOnlyList<string> groups) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteIdentifiers(writer, identifiers);
        if (hash is not null)
        {
            writer.WriteString("passwordHash", hash.Encoded);
        }

        WriteAttributes(writer, attributes);
        WriteGroups(writer, groups);
        writer.WriteEndObject();
    });

    /// <summary>
    /// A PUT body: identifiers (at least one, or a password), <c>"password"</c> or <c>"passwordHash"</c> (neither keeps the
    /// stored one; <c>"removePassword": true</c> drops it), attributes and groups.
    /// </summary>
    public static DeviceInput ReadDeviceInput(JsonElement body, string id)
    {
        string what = $"device \"{id}\"";
        var fields = new JsonFieldReader(body, what, s_deviceInputFields);
        int passwordFields = (fields.Has("password") ? 1 : 0) + (fields.Has("passwordHash") ? 1 : 0) + (fields.Boolean("removePassword") == true ? 1 : 0);
        if (passwordFields > 1)
        {
            throw JsonFieldReader.Invalid($"{what}: give at most one of 'password', 'passwordHash' and 'removePassword'");
        }

        DeviceIdentifiers identifiers = ReadIdentifiers(fields);
        PasswordHash? imported = fields.Text("passwordHash", 512) is string encoded ? ReadHash(encoded, what) : null;
        PrincipalAttributes attributes = ReadAttributes(fields);
        IReadOnlyList<string> groups = fields.Groups("groups");
        bool remove = fields.Boolean("removePassword") ?? false;
        byte[]? password = fields.SecretUtf8("password", MinPasswordCharacters, MaxPasswordBytes);
        return new DeviceInput(identifiers, password, imported, remove, attributes, groups);
    }

    /// <summary>A device as the admin API shows it: whether it has a password, never the password or hash.</summary>
    public static void WriteDeviceView(Utf8JsonWriter writer, RegisteredDevice device, StoredDocument document)
    {
        writer.WriteStartObject();
        writer.WriteString("id", device.Id);
        WriteIdentifiers(writer, device.Identifiers);
        writer.WriteBoolean("hasPassword", device.PasswordHash is not null);
        WriteAttributes(writer, device.Attributes);
        WriteGroups(writer, device.Groups);
        WriteMetadata(writer, document);
        writer.WriteEndObject();
    }

    private static DeviceIdentifiers ReadIdentifiers(JsonFieldReader fields) => new(
        fields.Text("deviceIdentifier", JsonFieldReader.MaxIdentifierLength),
        fields.Text("networkIdentifier", JsonFieldReader.MaxIdentifierLength),
        fields.Text("machineIdentifier", JsonFieldReader.MaxIdentifierLength),
        fields.Text("mediaIdentifier", JsonFieldReader.MaxIdentifierLength));

    private static void WriteIdentifiers(Utf8JsonWriter writer, DeviceIdentifiers identifiers)
    {
        WriteIfSet(writer, "deviceIdentifier", identifiers.DeviceIdentifier);
        WriteIfSet(writer, "networkIdentifier", identifiers.NetworkIdentifier);
        WriteIfSet(writer, "machineIdentifier", identifiers.MachineIdentifier);
        WriteIfSet(writer, "mediaIdentifier", identifiers.MediaIdentifier);
    }

    /// <summary>What a device PUT asks for.</summary>
    /// <param name="Identifiers">The identifiers.</param>
    /// <param name="Password">A new password as UTF-8, or null; the caller zeroes it.</param>
    /// <param name="ImportedHash">An imported hash, or null.</param>
    /// <param name="RemovePassword">True to drop the stored password.</param>
    /// <param name="Attributes">The attributes.</param>
    /// <param name="Groups">The groups.</param>
    internal sealed record DeviceInput(DeviceIdentifiers Identifiers, byte[]? Password, PasswordHash? ImportedHash, bool RemovePassword, PrincipalAttributes Attributes, IReadOnlyList<string> Groups);
}
