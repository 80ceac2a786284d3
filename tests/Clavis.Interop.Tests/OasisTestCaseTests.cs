using System.Text.RegularExpressions;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Ttlv;

namespace Clavis.Interop.Tests;

/// <summary>OASIS KMIP test cases replayed over TTLV/TLS against a fresh server each.</summary>
public sealed partial class OasisTestCaseTests
{
    // The operations Clavis serves. A file is replayed when every operation it sends (the index
    // tests/vectors/derived/testcase-index.csv lists them in order, "+" joining batch items) is in this set,
    // so a fresh clone replays exactly the same files; files that fit but fail for a known reason are in LeftOut.
    private static readonly HashSet<string> Implemented =
    [
        "DiscoverVersions", "Query", "Poll", "Cancel", "Create", "Register", "Get", "GetAttributes", "GetAttributeList",
        "AddAttribute", "ModifyAttribute", "DeleteAttribute", "SetAttribute", "AdjustAttribute", "Locate", "Activate",
        "Revoke", "Destroy", "Archive", "Recover", "Check", "ObtainLease", "GetUsageAllocation", "DeriveKey", "ReKey",
        "Encrypt", "Decrypt", "MAC", "MACVerify", "Hash", "RNGRetrieve", "RNGSeed",
        "CreateKeyPair", "Sign", "SignatureVerify", "Certify",
    ];

    // The profile test cases of 1.0–2.1 (mandatory and optional), OVH's 1.x copies of the TC notes, and the OASIS
    // test-case notes for key derivation, re-key, Sensitive and Extractable (1.4 cnprd01 for 1.0–1.4, 2.0 cnd02).
    [GeneratedRegex(@"^(Cosmian_kmip/v(1\.0|1\.3|1\.4|2\.0|2\.1)/XML/(mandatory|optional)/|ovh_kmip-go/kmiptest/testdata/v1\.\d/TC[_-]|Cosmian_kmip/website/(testcases/v1\.4/cnprd01|kmip-testcases/v2\.0/cnd02)/test-cases/kmip-v\d\.\d/TC-(DERIVEKEY|REKEY|SENSITIVE|EXTRACTABLE)-)")]
    private static partial Regex InScope();

    // Files whose operations are all served but that fail for the reason above each group: a feature of a later
    // issue, a server gap not fixed here, or a question of policy left undecided. Replaying them must stay red.
    private static readonly Dictionary<string, string> LeftOut = new()
    {
        // Later issue: the Query answer must list CreateKeyPair, Encrypt, Export and the other operations the profile requires; README §1.3 lets a server list more, not fewer.
        ["Cosmian_kmip/v1.3/XML/mandatory/SUITEB_128-M-1-13.xml"] = "Query must list operations not yet served",
        ["Cosmian_kmip/v1.3/XML/mandatory/SUITEB_192-M-1-13.xml"] = "Query must list operations not yet served",
        ["Cosmian_kmip/v1.4/XML/mandatory/SUITEB_128-M-1-14.xml"] = "Query must list operations not yet served",
        ["Cosmian_kmip/v1.4/XML/mandatory/SUITEB_192-M-1-14.xml"] = "Query must list operations not yet served",
        ["Cosmian_kmip/v2.0/XML/mandatory/QS-M-1-20.xml"] = "Query must list operations not yet served",
        ["Cosmian_kmip/v2.1/XML/mandatory/QS-M-1-21.xml"] = "Query must list operations not yet served",
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_121_10_Query_Maximum_Response_Size.xml"] = "Query must list operations not yet served",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_121_11_Query_Maximum_Response_Size.xml"] = "Query must list operations not yet served",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_121_12_Query_Maximum_Response_Size.xml"] = "Query must list operations not yet served",
        // Server gap: 2.x keys must carry the Key Format Type attribute (KMIP 2.1 §4.26) and Protection Storage Masks (§4.51); Create does not record them yet (Create handler is the profiles work).
        // Later issue: the file expects Locate/Archive/Recover to answer Pending and be Polled; Clavis answers synchronously.
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_101_10_Create_a_Key_Archive_and_Recover_it.xml"] = "asynchronous operations",
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_32_10_Asynchronous_Locate.xml"] = "asynchronous operations",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_101_11_Create_a_Key_Archive_and_Recover_it.xml"] = "asynchronous operations",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_32_11_Asynchronous_Locate.xml"] = "asynchronous operations",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_101_12_Create_a_Key_Archive_and_Recover_it.xml"] = "asynchronous operations",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_32_12_Asynchronous_Locate.xml"] = "asynchronous operations",
        // Test timing: before its Re-key, the file waits for the Deactivation Date ("[REPEAT] until" Deactivated, $NOW+120
        // in 1.1/1.2; literal 2009/2010 dates in 1.0, which are past and so Deactivated at once); the replay neither waits nor moves the clock.
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_92_10_Existing_Key_Expired_Re_key_with_Same_Life_cycle.xml"] = "waits for a Deactivation Date",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_92_11_Existing_Key_Expired_Re_key_with_Same_Life_cycle.xml"] = "waits for a Deactivation Date",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_92_12_Existing_Key_Expired_Re_key_with_Same_Life_cycle.xml"] = "waits for a Deactivation Date",
        // Test-data defect: the last two requests come one after the other and their responses after both (Destroy
        // then Revoke, answered Revoke then Destroy); the replay pairs each request with the response that follows it.
        ["Cosmian_kmip/website/testcases/v1.4/cnprd01/test-cases/kmip-v1.4/TC-DERIVEKEY-4-10.xml"] = "requests and responses out of order in the file",
        // Later issue: clients identified by a Username and Password Credential in the header (Clavis identifies them by
        // their TLS certificate, which is the same for both "users" here), so the default Operation Policy refuses the second user's Get.
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_111_10_Credential_Operation_Policy_Destroy_Date.xml"] = "Username and Password credentials",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_111_11_Credential_Operation_Policy_Destroy_Date.xml"] = "Username and Password credentials",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_111_12_Credential_Operation_Policy_Destroy_Date.xml"] = "Username and Password credentials",
        // Later issue: meta-data-only objects (Key Value Present, client-supplied Original Creation Date).
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_MDO_1_12_Register_MDO_Key.xml"] = "meta-data-only objects",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_MDO_2_12_Locate_MDO_keys_by_Key_Value_Present.xml"] = "meta-data-only objects",
        // Later issue: PGP Key objects.
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_PGP_1_12_Register_PGP_Key_RSA.xml"] = "PGP keys",
        // Later issue: attributes derived from a registered certificate (Cryptographic Length etc.).
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_132_10_Register_an_Asymmetric_Key_Pair_and_a_Corresponding_X509_Certificate.xml"] = "certificate-derived attributes",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_132_11_Register_an_Asymmetric_Key_Pair_and_a_Corresponding_X509_Certificate.xml"] = "certificate-derived attributes",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_132_12_Register_an_Asymmetric_Key_Pair_and_a_Corresponding_X509_Certificate.xml"] = "certificate-derived attributes",
        // Policy, undecided: Create of a Triple-DES key; Clavis refuses DES3 as insecure (Invalid Field).
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-4-10.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-4-11.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-4-12.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-5-10.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-5-11.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-5-12.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-6-10.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-6-11.xml"] = "Triple-DES key generation refused by policy",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-6-12.xml"] = "Triple-DES key generation refused by policy",
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_313_10_Create_Locate_Get_Destroy.xml"] = "Triple-DES key generation refused by policy",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_313_11_Create_Locate_Get_Destroy.xml"] = "Triple-DES key generation refused by policy",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_313_12_Create_Locate_Get_Destroy.xml"] = "Triple-DES key generation refused by policy",
        // Policy: Create Key Pair of RSA-1024; Clavis generates RSA keys of 2048 bits and more (NIST SP 800-131A Rev. 2: RSA-1024 is disallowed for signatures).
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_81_10_Create_a_Key_Pair.xml"] = "RSA-1024 key pair generation refused by policy",
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_81_11_Create_a_Key_Pair.xml"] = "RSA-1024 key pair generation refused by policy",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_81_12_Create_a_Key_Pair.xml"] = "RSA-1024 key pair generation refused by policy",
        // Policy, undecided: Create of a SKIPJACK key; Clavis generates only AES and HMAC keys.
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-1-10.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-1-11.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-1-12.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-2-10.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-2-11.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-2-12.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-3-10.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-3-11.xml"] = "SKIPJACK key generation not offered",
        ["Cosmian_kmip/v1.0/XML/optional/SKFF-O-3-12.xml"] = "SKIPJACK key generation not offered",
        // Undecided: the 2.x answer carries a Server Information with Server Name where the file has an empty one; README §1.3 names Vendor Identification, not Server Information, as free.
        ["Cosmian_kmip/v2.0/XML/mandatory/SASED-M-1-20.xml"] = "Server Information content",
        ["Cosmian_kmip/v2.0/XML/mandatory/TL-M-1-20.xml"] = "Server Information content",
        ["Cosmian_kmip/v2.1/XML/mandatory/SASED-M-1-21.xml"] = "Server Information content",
        ["Cosmian_kmip/v2.1/XML/mandatory/TL-M-1-21.xml"] = "Server Information content",
        // Undecided: Create names a 1.x Template by a Name carried inside the Template object rather than in Register's Template-Attribute (Create template application is the profiles work).
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_312_10_Register_Create_Get_attributes_Destroy.xml"] = "Template named from inside the Template object",
        ["ovh_kmip-go/kmiptest/testdata/v1.0/TC_314_10_Dual_Client_Test_Case_ID_Placeholder_linked_Locate_Get_Batch.xml"] = "Template named from inside the Template object",
        // The 2.0 draft expects Permission Denied for Destroy of an Active private key; the 2.1 standard (AKLC-M-2-21, replayed) and Clavis answer Wrong Key Lifecycle State, which 2.0 defines.
        ["Cosmian_kmip/v2.0/XML/mandatory/AKLC-M-2-20.xml"] = "2.0 draft's Result Reason for Destroy of an Active key",
        // Not offered: RSA-OAEP whose MGF1 hash differs from its message hash (SHA-384 with MGF1-SHA-256), or with a label
        // (P Source). The BCL's OAEP takes one hash for both and no label; BouncyCastle's OaepEncoding could serve them.
        ["Cosmian_kmip/v1.4/XML/mandatory/CS-AC-M-OAEP-7-14.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v1.4/XML/mandatory/CS-AC-M-OAEP-8-14.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v1.4/XML/mandatory/CS-AC-M-OAEP-10-14.xml"] = "OAEP with a label (P Source) and MGF1 over another hash",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-AC-M-OAEP-7-20.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-AC-M-OAEP-8-20.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-AC-M-OAEP-10-20.xml"] = "OAEP with a label (P Source) and MGF1 over another hash",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-AC-M-OAEP-7-21.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-AC-M-OAEP-8-21.xml"] = "OAEP with MGF1 over another hash than the message hash",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-AC-M-OAEP-10-21.xml"] = "OAEP with a label (P Source) and MGF1 over another hash",
        // Test-data defect: step 4 verifies an ECDSA signature under Cryptographic Parameters PSS / SHA-256 / RSA (copied from the RSA case) and expects Valid; Clavis refuses parameters that do not fit the key (Bad Cryptographic Parameters, Invalid Field in 1.3).
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-AC-M-3-ECC-13.xml"] = "RSA-PSS parameters for an ECDSA key",
        // Undecided: Get Attributes naming "Object Type" twice; the file expects Invalid Message, Clavis answers it.
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_171_11_Handling_of_Attributes_and_Attribute_Index_Values.xml"] = "Get Attributes naming an attribute twice",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_171_12_Handling_of_Attributes_and_Attribute_Index_Values.xml"] = "Get Attributes naming an attribute twice",
        // Undecided: step 4 expects a Lease Time attribute on a registered 1.x Template; Clavis gives Lease Time only to the keys it creates.
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_312_12_Register_Create_Get_attributes_Destroy.xml"] = "Lease Time",
        // Undecided: Get of a destroyed object expects Item Not Found; Clavis answers Key Value Not Present.
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_314_12_Dual_Client_Test_Case_ID_Placeholder_linked_Locate_Get_Batch.xml"] = "Get after Destroy",
        // Test environment: Locate of fresh objects in the server's default group assumes objects provisioned before the test.
        ["ovh_kmip-go/kmiptest/testdata/v1.1/TC_151_11_Locate_a_Fresh_Object_from_the_Default_Group.xml"] = "pre-provisioned default group",
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC_151_12_Locate_a_Fresh_Object_from_the_Default_Group.xml"] = "pre-provisioned default group",
        // Undecided: a batched Locate (Maximum Items 1, Group Member Fresh) + Get over two fresh keys. Clavis fills the
        // ID Placeholder only when exactly one object matches (LocateHandler), so the Get finds no identifier; the file
        // expects the one returned identifier to be used (KMIP 1.4 §4.9 leaves "located" vs "returned" open).
        // Policy, undecided: Triple-DES Encrypt; Clavis refuses DES3 keys for encryption (NIST SP 800-131A).
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-BC-M-4-12-3DES-13.xml"] = "Triple-DES encryption refused by policy",
        // Test-data defect: the ciphertext fd912d10… is not AES-128-ECB of the file's data under its registered key (OpenSSL gives d9bcce11…); the later 1.4+ copies do not have this case.
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-BC-M-6-13.xml"] = "test-data defect: wrong ECB ciphertext",
        // Not offered: ChaCha20 and ChaCha20-Poly1305; the symmetric Encrypt/Decrypt serve AES only.
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-BC-M-CHACHA20-1-20.xml"] = "ChaCha20 not offered",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-BC-M-CHACHA20-2-20.xml"] = "ChaCha20 not offered",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-BC-M-CHACHA20POLY1305-1-20.xml"] = "ChaCha20 not offered",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-BC-M-CHACHA20-1-21.xml"] = "ChaCha20 not offered",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-BC-M-CHACHA20-2-21.xml"] = "ChaCha20 not offered",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-BC-M-CHACHA20POLY1305-1-21.xml"] = "ChaCha20 not offered",
        // Undecided: Encrypt with Tag Length 32 expects General Failure; Clavis answers Bad Cryptographic Parameters (Invalid Field for 1.x), the reason KMIP 2.1 §11 has for it.
        ["Cosmian_kmip/v1.4/XML/mandatory/CS-BC-M-GCM-1-14.xml"] = "Tag Length 32: General Failure expected",
        ["Cosmian_kmip/v2.0/XML/mandatory/CS-BC-M-GCM-1-20.xml"] = "Tag Length 32: General Failure expected",
        ["Cosmian_kmip/v2.1/XML/mandatory/CS-BC-M-GCM-1-21.xml"] = "Tag Length 32: General Failure expected",
        // Server choice: how much RNG Seed data a server accepts (KMIP 2.1 §6.1.42); Clavis reports every byte, these files expect 16 of 32.
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-RNG-O-2-13.xml"] = "RNG Seed amount accepted is server policy (16 expected)",
        ["Cosmian_kmip/v1.3/XML/optional/CS-RNG-O-2-13.xml"] = "RNG Seed amount accepted is server policy (16 expected)",
        ["Cosmian_kmip/v1.4/XML/optional/CS-RNG-O-2-14.xml"] = "RNG Seed amount accepted is server policy (16 expected)",
        ["Cosmian_kmip/v2.0/XML/optional/CS-RNG-O-2-20.xml"] = "RNG Seed amount accepted is server policy (16 expected)",
        ["Cosmian_kmip/v2.1/XML/optional/CS-RNG-O-2-21.xml"] = "RNG Seed amount accepted is server policy (16 expected)",
        // Server choice: these files expect 0 of 32 seed bytes accepted; Clavis reports every byte.
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-RNG-O-3-13.xml"] = "RNG Seed amount accepted is server policy (0 expected)",
        ["Cosmian_kmip/v1.3/XML/optional/CS-RNG-O-3-13.xml"] = "RNG Seed amount accepted is server policy (0 expected)",
        ["Cosmian_kmip/v1.4/XML/optional/CS-RNG-O-3-14.xml"] = "RNG Seed amount accepted is server policy (0 expected)",
        ["Cosmian_kmip/v2.0/XML/optional/CS-RNG-O-3-20.xml"] = "RNG Seed amount accepted is server policy (0 expected)",
        ["Cosmian_kmip/v2.1/XML/optional/CS-RNG-O-3-21.xml"] = "RNG Seed amount accepted is server policy (0 expected)",
        // OVH server behaviour: Encrypt with a Pre-Active key and no Block Cipher Mode; KMIP 2.1 §4.57 allows Encrypt only while Active.
        ["ovh_kmip-go/kmiptest/testdata/v1.2/TC-SK-CREATE-ENCRYPT-DECRYPT-DESTROY.xml"] = "Encrypt with a Pre-Active key",
    };

    // Test-data defects, corrected as (wrong text, right text). The README lists other defects of the source material;
    // this one is not among them and is recorded here.
    private static readonly Dictionary<string, (string Wrong, string Right)> DataFixes = new()
    {
        // The OASIS 1.4 copy keeps the 1.3 header in its last response; its request is 1.4, and the server
        // answers in the request's version (KMIP 1.4 §6.1 Protocol Version).
        ["Cosmian_kmip/v1.4/XML/optional/OMOS-O-1-14.xml"] = ("<ProtocolVersionMinor type=\"Integer\" value=\"3\"/>", "<ProtocolVersionMinor type=\"Integer\" value=\"4\"/>"),
        // The 1.3 copy expects the exact bytes of an RSA-PSS signature, which no server can reproduce: PSS draws a fresh
        // random salt per signature (RFC 8017 §9.1.1 step 4). The 1.4, 2.0 and 2.1 copies of the same scenario expect
        // $SIGNATURE_DATA; the 1.3 expectation is corrected to that (CS-AC-M-2-13 verifies such a signature).
        ["Cosmian_kmip/v1.3/XML/mandatory/CS-AC-M-1-13.xml"] = (
            "<SignatureData type=\"ByteString\" value=\"9d888ed8c169ebc052e21f7392427b0efa78321f64558ac4dba2277f0b22c3a94eb098a608ef2a70931eece25482e5c962a560fe73f83471779a69d85099ff44fe5da16977fe9f92bdd26a153612d57f325c619570577f81eff22ca511c684bc037a579981c899c91da6d1ac34c230fa68db59c3f31bc5add7c75328f9974f342f1bb5e928b89619894fb301002ef60a1d093dfc22f87c442c13cb8a6cd83be0ecc5b18647c51fb92238a90fbd3e4aaf37612ab4b76243bda44db4a48a88b0899fa672d06f7b4c1094858e7257c4851447ca29dbbc11a664c0cd8be7ce7b27173fa8042d54d240ade8ee6069459ec08bf510eaf68e2fc1e50561dc686525ba0f\"/>",
            "<SignatureData type=\"ByteString\" value=\"$SIGNATURE_DATA\"/>"),
    };

    /// <summary>The replayed files, chosen from the index as described above.</summary>
    public static TheoryData<string> Files
    {
        get
        {
            var files = new TheoryData<string>();
            foreach (string file in Eligible().Where(file => !LeftOut.ContainsKey(file)))
            {
                files.Add(file);
            }

            return files;
        }
    }

    // The in-scope files of the index whose every operation is implemented, in index order.
    private static IEnumerable<string> Eligible()
    {
        foreach (string line in File.ReadLines(Path.Combine(RepositoryRoot(), "tests", "vectors", "derived", "testcase-index.csv")).Skip(1))
        {
            string[] columns = line.Split(',');
            string[] operations = columns[8].Split([' ', '+'], StringSplitOptions.RemoveEmptyEntries);
            if (InScope().IsMatch(columns[0]) && operations.Length > 0 && operations.All(Implemented.Contains))
            {
                yield return columns[0];
            }
        }
    }

    [Fact]
    public void Every_left_out_or_corrected_file_is_one_the_index_would_otherwise_replay()
    {
        var eligible = Eligible().ToHashSet();
        Assert.All(LeftOut.Keys, file => Assert.Contains(file, eligible));
        Assert.All(DataFixes.Keys, file => Assert.True(eligible.Contains(file) && !LeftOut.ContainsKey(file), file));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_server_answers_the_OASIS_test_case(string file)
    {
        string path = Path.Combine(RepositoryRoot(), "tests", "vectors", file);
        IReadOnlyList<(TtlvNode Request, TtlvNode Expected)> pairs = OasisReplay.Load(path, DataFixes.GetValueOrDefault(file));
        var replay = new OasisReplay { QueryListsMayVary = Path.GetFileName(file).StartsWith("MSGENC-", StringComparison.Ordinal) };
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
