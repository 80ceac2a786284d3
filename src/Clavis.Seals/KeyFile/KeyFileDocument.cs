using System.Text.Json.Serialization;

namespace Clavis.Seals.KeyFile;

// STABLE FORMAT: the key file on disk. Renaming a property makes existing files unreadable.
internal sealed class KeyFileDocument
{
    public const string CurrentFormat = "clavis-key-file-v1";

    [JsonPropertyName("format")]
    public string Format { get; set; } = CurrentFormat;

    [JsonPropertyName("protection")]
    public string Protection { get; set; } = "none";

    [JsonPropertyName("kdf")]
    public KdfParameters? Kdf { get; set; }

    [JsonPropertyName("current")]
    public string Current { get; set; } = "";

    [JsonPropertyName("masterKeys")]
    public List<MasterKeyEntry> MasterKeys { get; set; } = [];

    internal sealed class KdfParameters
    {
        [JsonPropertyName("algorithm")]
        public string Algorithm { get; set; } = "PBKDF2-SHA256";

        [JsonPropertyName("iterations")]
        public int Iterations { get; set; }

        [JsonPropertyName("salt")]
        public string Salt { get; set; } = "";

        // A known plaintext sealed under the passphrase key, so a wrong passphrase is told apart from a damaged file.
        [JsonPropertyName("check")]
        public string Check { get; set; } = "";
    }

    internal sealed class MasterKeyEntry
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = "";

        [JsonPropertyName("created")]
        public DateTimeOffset Created { get; set; }

        // Base64: the raw key (protection "none") or nonce‖ciphertext‖tag under the passphrase key.
        [JsonPropertyName("key")]
        public string Key { get; set; } = "";
    }
}

[JsonSerializable(typeof(KeyFileDocument))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
