using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Ttlv;

namespace Clavis.Interop.Tests;

/// <summary>OASIS KMIP test cases replayed over TTLV/TLS against a fresh server each.</summary>
public sealed class OasisTestCaseTests
{
    // Only files whose every operation Clavis implements (Create, Register, Get, GetAttributes,
    // GetAttributeList, Add/Modify/DeleteAttribute, Locate, Activate, Revoke, Destroy, Query). The BL-M-*-21
    // files are left out: each begins and ends with the Interop operation, which Clavis does not serve.
    public static TheoryData<string> Files =>
    [
        "Cosmian_kmip/v1.0/XML/mandatory/SKLC-M-1-12.xml",   // Create, GetAttributes, Destroy in 1.2
        "Cosmian_kmip/v1.4/XML/mandatory/SKLC-M-1-14.xml",   // the same in 1.4
        "Cosmian_kmip/v2.1/XML/mandatory/SKLC-M-1-21.xml",   // the same in 2.1
        "Cosmian_kmip/v1.4/XML/mandatory/SKLC-M-2-14.xml",   // Destroy of an Active key refused, Revoke, Destroy
        "Cosmian_kmip/v1.4/XML/optional/SKLC-O-1-14.xml",   // GetAttributes after Destroy
        "Cosmian_kmip/v1.4/XML/mandatory/SKFF-M-1-14.xml",   // Create, Destroy
        "Cosmian_kmip/v1.4/XML/mandatory/SKFF-M-5-14.xml",   // Create, Locate, Get, Destroy, Locate
        "Cosmian_kmip/v1.4/XML/mandatory/OMOS-M-1-14.xml",   // Register of an opaque object, Destroy
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_server_answers_the_OASIS_test_case(string file)
    {
        string path = Path.Combine(RepositoryRoot(), "tests", "vectors", file);
        IReadOnlyList<(TtlvNode Request, TtlvNode Expected)> pairs = OasisReplay.Load(path);
        var replay = new OasisReplay();
        ServerFixture server = await ServerFixture.StartAsync();
        try
        {
            await using KmipTestClient client = await server.ConnectAsync();
            for (int i = 0; i < pairs.Count; i++)
            {
                TtlvNode request = replay.Substitute(pairs[i].Request);
                await client.WriteRawAsync(request.Encode());
                byte[]? answer = await client.ReadRawResponseAsync();
                Assert.True(answer is not null, $"step {i + 1}: the server closed the session");
                TtlvNode actual = TtlvNode.Decode(answer);
                string? difference = replay.Compare(pairs[i].Expected, actual);
                Assert.True(difference is null, $"{Path.GetFileName(file)} step {i + 1}: {difference}\nthe server answered:\n{Clavis.Kmip.Xml.KmipXml.Write(actual)}");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Clavis.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Clavis.slnx above {AppContext.BaseDirectory}");
    }
}
