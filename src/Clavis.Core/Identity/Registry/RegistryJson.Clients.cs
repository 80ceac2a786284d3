using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Core.Ports;

namespace Clavis.Core.Identity.Registry;

internal static partial class RegistryJson
{
    private static readonly string[] s_clientFields =
        ["certificateFingerprint", "subject", "deviceType", "deviceClass", "application", "softwareLevel", "hardwareLevel", "groups"];

    /// <summary>A client entry as stored (the same form as a PUT body).</summary>
    public static RegisteredClient ReadClient(StoredDocument document)
    {
        using JsonDocument json = Parse(System.Text.Encoding.UTF8.GetBytes(document.Body!), $"client \"{document.Name}\"");
        return ReadClient(json.RootElement, document.Name, document.Version);
    }

    /// <summary>
    /// A client entry from a PUT body: exactly one of <c>certificateFingerprint</c> (SHA-256, hex, colons allowed) and
    /// <c>subject</c> (a distinguished name, stored as .NET formats it so it compares with certificates), then
    /// attributes and groups.
    /// </summary>
    public static RegisteredClient ReadClient(JsonElement body, string name, int version)
    {
        string what = $"client \"{name}\"";
        var fields = new JsonFieldReader(body, what, s_clientFields);
        string? fingerprint = fields.Text("certificateFingerprint") is string hex ? Fingerprint(hex, $"{what}: field 'certificateFingerprint'") : null;
        string? subject = fields.Text("subject", 1024) is string dn ? DistinguishedName(dn, $"{what}: field 'subject'") : null;
        if ((fingerprint is null) == (subject is null))
        {
            throw JsonFieldReader.Invalid($"{what}: give exactly one of 'certificateFingerprint' and 'subject'");
        }

        return new RegisteredClient(name, fingerprint, subject, ReadAttributes(fields), fields.Groups("groups"), version);
    }

    /// <summary>The stored form of a client entry.</summary>
    public static string WriteClient(RegisteredClient client) => Write(writer => WriteClientFields(writer, client, null));

    /// <summary>A client entry as the admin API shows it.</summary>
    public static void WriteClientView(Utf8JsonWriter writer, RegisteredClient client, StoredDocument document) => WriteClientFields(writer, client, document);

    /// <summary>A SHA-256 fingerprint in the form identities carry: 64 upper-case hex digits (colons and case as openssl prints them are accepted).</summary>
    public static string Fingerprint(string text, string what)
    {
        string hex = text.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == SHA256.HashSizeInBytes * 2 && hex.All(char.IsAsciiHexDigit)
            ? hex
            : throw JsonFieldReader.Invalid($"{what} must be a SHA-256 fingerprint: 64 hex digits (colons allowed)");
    }

    private static string DistinguishedName(string text, string what)
    {
        try
        {
            // Decoded as a certificate's Subject is (most specific part first, ", " between parts), so the two compare exactly.
            string formatted = new X500DistinguishedName(text).Decode(X500DistinguishedNameFlags.Reversed);
            return formatted.Length > 0 ? formatted : throw JsonFieldReader.Invalid($"{what} is an empty distinguished name");
        }
        catch (CryptographicException)
        {
            throw JsonFieldReader.Invalid($"{what} is not a distinguished name (e.g. \"CN=app1, OU=payments, O=Example\")");
        }
    }

    private static void WriteClientFields(Utf8JsonWriter writer, RegisteredClient client, StoredDocument? document)
    {
        writer.WriteStartObject();
        if (document is not null)
        {
            writer.WriteString("name", client.Name);
        }

        WriteIfSet(writer, "certificateFingerprint", client.CertificateFingerprint);
        WriteIfSet(writer, "subject", client.Subject);
        WriteAttributes(writer, client.Attributes);
        WriteGroups(writer, client.Groups);
        if (document is not null)
        {
            WriteMetadata(writer, document);
        }

        writer.WriteEndObject();
    }
}
