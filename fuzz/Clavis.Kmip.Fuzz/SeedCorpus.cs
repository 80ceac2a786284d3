using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Fuzz;

/// <summary>Writes a seed corpus: every TTLV hex vector under <c>tests/vectors/derived</c> that decodes, one file each.</summary>
public static class SeedCorpus
{
    /// <summary>Writes the seeds into <paramref name="outputDirectory"/>, named by content hash; returns how many.</summary>
    public static int Write(string vectorsDirectory, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(vectorsDirectory, "derived"), "*.json", SearchOption.AllDirectories))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (string hex in HexStrings(doc.RootElement))
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromHexString(hex);
                    TtlvNode.Decode(bytes);
                }
                catch (FormatException)
                {
                    // Not TTLV (key material, random bytes): a poor seed. TtlvFormatException is a FormatException.
                    continue;
                }

                string name = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
                if (seen.Add(name))
                {
                    File.WriteAllBytes(Path.Combine(outputDirectory, name + ".ttlv"), bytes);
                }
            }
        }

        return seen.Count;
    }

    private static IEnumerable<string> HexStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "hex" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    else
                    {
                        foreach (string hex in HexStrings(property.Value))
                        {
                            yield return hex;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    foreach (string hex in HexStrings(item))
                    {
                        yield return hex;
                    }
                }

                break;
        }
    }
}
