using System.Text.Json;

namespace Clavis.Crypto.Tests.Support;

/// <summary>Reads the files under tests/vectors/asymmetric.</summary>
internal static class TestVectors
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Clavis.slnx")))
            {
                return Path.Combine(directory.FullName, "tests", "vectors", "asymmetric");
            }
        }

        throw new DirectoryNotFoundException($"no Clavis.slnx above {AppContext.BaseDirectory}");
    });

    public static JsonDocument Wycheproof(string name) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(s_root.Value, "wycheproof", name + ".json")));

    /// <summary>The DER inside a PEM fixture under keys/.</summary>
    public static byte[] PemDer(string file)
    {
        string text = File.ReadAllText(Path.Combine(s_root.Value, "keys", file));
        System.Security.Cryptography.PemFields fields = System.Security.Cryptography.PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    public static string PemLabel(string file)
    {
        string text = File.ReadAllText(Path.Combine(s_root.Value, "keys", file));
        return text[System.Security.Cryptography.PemEncoding.Find(text).Label];
    }

    /// <summary>A value of keys/components.txt.</summary>
    public static byte[] Component(string name)
    {
        foreach (string line in File.ReadLines(Path.Combine(s_root.Value, "keys", "components.txt")))
        {
            if (line.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return Convert.FromHexString(line[(name.Length + 1)..]);
            }
        }

        throw new KeyNotFoundException(name);
    }

    /// <summary>Every test of every group, with its group.</summary>
    public static IEnumerable<(JsonElement Group, JsonElement Test)> Cases(JsonDocument document)
    {
        foreach (JsonElement group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
            {
                yield return (group, test);
            }
        }
    }

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

