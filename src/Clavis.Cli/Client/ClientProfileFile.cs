using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clavis.Cli.Client;

/// <summary>One named connection profile of the client configuration file (docs/cli.md, "Profile file").</summary>
internal sealed class ClientProfile
{
    /// <summary>KMIP servers, HOST:PORT, in order of preference (the SDK takes the first one for now).</summary>
    [JsonPropertyName("servers")]
    public List<string> Servers { get; set; } = [];

    [JsonPropertyName("ca")]
    public string? Ca { get; set; }

    [JsonPropertyName("cert")]
    public string? Cert { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("p12")]
    public string? P12 { get; set; }

    /// <summary>The admin HTTPS API, https://HOST:PORT, for suspend and resume.</summary>
    [JsonPropertyName("adminServer")]
    public string? AdminServer { get; set; }

    /// <summary>The only KMIP version to speak, e.g. "2.1"; null lets the client negotiate.</summary>
    [JsonPropertyName("kmipVersion")]
    public string? KmipVersion { get; set; }

    /// <summary>Request timeout in seconds.</summary>
    [JsonPropertyName("timeout")]
    public double? Timeout { get; set; }
}

/// <summary>
/// The client configuration file: <c>{"profiles": {"default": {...}, "prod": {...}}}</c>. Where it is: CLAVIS_CONFIG,
/// else $XDG_CONFIG_HOME/clavis/config.json, else ~/.config/clavis/config.json. Relative file paths inside a profile
/// are relative to the file's folder, so a folder of certificates and its config.json can move together.
/// </summary>
internal sealed class ClientProfileFile
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [JsonPropertyName("profiles")]
    public SortedDictionary<string, ClientProfile> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The file's path from the environment (CLAVIS_CONFIG, XDG_CONFIG_HOME, HOME).</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("CLAVIS_CONFIG") is { Length: > 0 } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        string configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.GetFullPath(Path.Combine(configHome, "clavis", "config.json"));
    }

    /// <summary>Reads the file; an absent file is an empty one.</summary>
    /// <exception cref="AdminClientException">The file cannot be read or is not a valid profile file (exit 2).</exception>
    public static ClientProfileFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new ClientProfileFile();
        }

        try
        {
            ClientProfileFile file = JsonSerializer.Deserialize<ClientProfileFile>(File.ReadAllText(path), s_json) ?? new ClientProfileFile();
            file.Profiles = new SortedDictionary<string, ClientProfile>(file.Profiles, StringComparer.Ordinal);
            return file;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new AdminClientException(AdminClientException.UsageError, $"cannot read the profile file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the file readable by its owner only (it names key files and servers).</summary>
    /// <exception cref="AdminClientException">The file cannot be written (exit 2).</exception>
    public void Save(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, this, s_json);
            }

            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only when the file is new; a left-over temporary file keeps its mode otherwise.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AdminClientException(AdminClientException.UsageError, $"cannot write the profile file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>A path from the file made absolute against the file's folder.</summary>
    public static string? Resolve(string? value, string filePath) =>
        value is null || Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(filePath)!, value));
}
