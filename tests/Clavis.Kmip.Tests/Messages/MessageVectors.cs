using System.Text.Json;

namespace Clavis.Kmip.Tests.Messages;

/// <summary>The TTLV messages in the derived hex vector sets (NLnetLabs 1.0/1.1/1.3 use cases, OASIS MSGENC 1.0–1.2).</summary>
internal static class MessageVectors
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_all = new(Load);

    public static IReadOnlyDictionary<string, string> All => s_all.Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static byte[] Bytes(string name) => Convert.FromHexString(All[name]);

    private static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = Path.Combine(AppContext.BaseDirectory, "vectors", "derived");
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "NLnetLabs_kmip-protocol", "kmip-usecase-hex-vectors.json"))))
        {
            foreach (var vector in doc.RootElement.GetProperty("vectors").EnumerateArray())
            {
                var hex = vector.GetProperty("hex").GetString()!;
                if (IsMessage(hex))
                {
                    result[$"{vector.GetProperty("test_function").GetString()}/{vector.GetProperty("variable").GetString()}"] = hex;
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "oasis-msgenc-profile-v1.0"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            int i = 0;
            foreach (var message in doc.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.TryGetProperty("ttlv_hex", out var hex) && hex.GetString() is { } text && IsMessage(text))
                {
                    result[$"{Path.GetFileNameWithoutExtension(file)}/{i}-{message.GetProperty("direction").GetString()}"] = text;
                }

                i++;
            }
        }

        return result;
    }

    private static bool IsMessage(string hex) =>
        hex.StartsWith("420078", StringComparison.OrdinalIgnoreCase) || hex.StartsWith("42007b", StringComparison.OrdinalIgnoreCase);
}
