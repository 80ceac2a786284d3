using System.Text.Json;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity.Registry;

internal static partial class RegistryJson
{
    /// <summary>A user as stored: <c>{"passwordHash": PHC, "groups": […], "disabled": bool}</c>.</summary>
    public static RegisteredUser ReadUser(StoredDocument document)
    {
        using JsonDocument json = Parse(System.Text.Encoding.UTF8.GetBytes(document.Body!), $"user \"{document.Name}\"");
        var fields = new JsonFieldReader(json.RootElement, $"user \"{document.Name}\"", "passwordHash", "groups", "disabled");
        string encoded = fields.Text("passwordHash", 512) ?? throw JsonFieldReader.Invalid($"user \"{document.Name}\" has no passwordHash");
        return new RegisteredUser(document.Name, ReadHash(encoded, $"user \"{document.Name}\""), fields.Groups("groups"), fields.Boolean("disabled") ?? false, document.Version);
    }

    /// <summary>The stored form of a user.</summary>
    public static string WriteUser(PasswordHash hash, IReadOnlyList<string> groups, bool disabled) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("passwordHash", hash.Encoded);
        WriteGroups(writer, groups);
        writer.WriteBoolean("disabled", disabled);
        writer.WriteEndObject();
    });

    /// <summary>
    /// A PUT body: <c>{"password": …}</c> or <c>{"passwordHash": PHC}</c> (an import), <c>"groups"</c>, <c>"disabled"</c>.
    /// Neither password field keeps the stored password.
    /// </summary>
    public static UserInput ReadUserInput(JsonElement body, string name)
    {
        string what = $"user \"{name}\"";
        var fields = new JsonFieldReader(body, what, "password", "passwordHash", "groups", "disabled");
        if (fields.Has("password") && fields.Has("passwordHash"))
        {
            throw JsonFieldReader.Invalid($"{what}: give either 'password' or 'passwordHash', not both");
        }

        PasswordHash? imported = fields.Text("passwordHash", 512) is string encoded ? ReadHash(encoded, what) : null;
        IReadOnlyList<string> groups = fields.Groups("groups");
        bool disabled = fields.Boolean("disabled") ?? false;
        byte[]? password = fields.SecretUtf8("password", MinPasswordCharacters, MaxPasswordBytes);
        return new UserInput(password, imported, groups, disabled);
    }

    /// <summary>A user as the admin API shows it: never the password or its hash, only the hash's algorithm.</summary>
    public static void WriteUserView(Utf8JsonWriter writer, RegisteredUser user, StoredDocument document)
    {
        writer.WriteStartObject();
        writer.WriteString("name", user.Name);
        WriteGroups(writer, user.Groups);
        writer.WriteBoolean("disabled", user.Disabled);
        writer.WriteString("passwordHashAlgorithm", user.PasswordHash.Algorithm == PasswordHashAlgorithm.Argon2id ? "argon2id" : "pbkdf2-sha256");
        WriteMetadata(writer, document);
        writer.WriteEndObject();
    }

    /// <summary>What a user PUT asks for.</summary>
    /// <param name="Password">The new password as UTF-8, or null; the caller zeroes it.</param>
    /// <param name="ImportedHash">An imported hash, or null.</param>
    /// <param name="Groups">The groups.</param>
    /// <param name="Disabled">Whether the user is disabled.</param>
    internal sealed record UserInput(byte[]? Password, PasswordHash? ImportedHash, IReadOnlyList<string> Groups, bool Disabled);
}
