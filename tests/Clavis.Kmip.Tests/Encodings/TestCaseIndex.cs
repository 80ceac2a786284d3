namespace Clavis.Kmip.Tests.Encodings;

/// <summary>tests/vectors/derived/testcase-index.csv: every OASIS XML test case with its request and response counts.</summary>
internal static class TestCaseIndex
{
    // The OASIS copy closes </KMIP> twice (tests/vectors/README.md §1.1); the ovh copy of the same test is fixed.
    public const string MalformedFile = "Cosmian_kmip/website/testcases/v1.4/cnprd01/test-cases/kmip-v1.4/TC-ECDSA-SIGN-1-14.xml";

    // tests/vectors/README.md §1.2: PKCS_11Function (C_Initialize …) and PKCS_11ReturnCode (OK) values come from the
    // PKCS#11 profile, whose numbers the vocabulary does not hold; by name they cannot become TTLV.
    public static readonly IReadOnlySet<string> Pkcs11ProfileFiles = new HashSet<string>(StringComparer.Ordinal)
    {
        "Cosmian_kmip/v2.0/XML/mandatory/PKCS11-M-1-20.xml",
        "Cosmian_kmip/v2.1/XML/mandatory/PKCS11-M-1-21.xml",
    };

    private static readonly Lazy<IReadOnlyDictionary<string, int>> s_messages = new(Load);

    /// <summary>Messages (requests plus responses) per file, for the files present under vectors/ (the index also lists 3.0 files not copied here).</summary>
    public static IReadOnlyDictionary<string, int> MessagesByPresentFile => s_messages.Value;

    private static Dictionary<string, int> Load()
    {
        string[] lines = File.ReadAllLines(TestData.VectorFile("derived", "testcase-index.csv"));
        string[] header = lines[0].Split(',');
        int path = Array.IndexOf(header, "path"), requests = Array.IndexOf(header, "requests"), responses = Array.IndexOf(header, "responses");
        var messages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            if (File.Exists(TestData.VectorFile(fields[path].Split('/'))))
            {
                messages.Add(fields[path], int.Parse(fields[requests], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(fields[responses], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return messages;
    }
}
