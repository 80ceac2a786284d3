using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Interop.Tests;

/// <summary>Debian's PyKMIP 0.10 drives the real server over TLS in KMIP 1.2, 1.4 and 2.0.</summary>
public sealed class PyKmipTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("1.2")]
    [InlineData("1.4")]
    [InlineData("2.0")]
    public async Task PyKMIP_carries_out_every_operation_it_can_express(string version)
    {
        JsonElement result = await PyKmip.RunAsync("operations.py", server, version);
        PyKmip.AssertAllStepsSucceeded(result);

        Assert.Contains(version, Strings(result, "discover_versions", "versions"));
        string[] operations = Strings(result, "query", "operations");
        foreach (string operation in new[] { "CREATE", "REGISTER", "GET", "GET_ATTRIBUTES", "GET_ATTRIBUTE_LIST", "LOCATE", "ACTIVATE", "REVOKE", "DESTROY", "QUERY", "DISCOVER_VERSIONS" })
        {
            Assert.Contains(operation, operations);
        }

        foreach (int bits in new[] { 128, 256 })
        {
            JsonElement created = result.GetProperty($"create_aes_{bits}");
            Assert.Equal(bits, created.GetProperty("length").GetInt32());
            Assert.Equal(bits / 8, created.GetProperty("value_bytes").GetInt32());
            Assert.Equal("AES", created.GetProperty("algorithm").GetString());
        }

        foreach (string kind in new[] { "symmetric_key", "secret_data", "opaque_object", "certificate" })
        {
            Assert.True(result.GetProperty("register_" + kind).GetProperty("same_value").GetBoolean(), $"Get returned other bytes than the registered {kind}");
        }

        JsonElement attributes = result.GetProperty("get_attributes");
        Assert.Equal(["AES"], Strings(attributes, "some", "Cryptographic Algorithm"));
        Assert.Equal(["256"], Strings(attributes, "some", "Cryptographic Length"));
        Assert.Equal(["PRE_ACTIVE"], Strings(attributes, "some", "State"));
        Assert.Contains("Unique Identifier", attributes.GetProperty("all").EnumerateObject().Select(p => p.Name));
        string[] names = Strings(result, "get_attribute_list", "names");
        Assert.Contains("Cryptographic Algorithm", names);
        Assert.Contains("State", names);

        Assert.Contains(Strings(result, "modify_attribute", "names"), n => n.StartsWith("after-", StringComparison.Ordinal));
        Assert.DoesNotContain(Strings(result, "modify_attribute", "names"), n => n.StartsWith("before-", StringComparison.Ordinal));
        Assert.Empty(Strings(result, "delete_attribute", "names"));
        if (version == "2.0")
        {
            Assert.Equal(["True"], Strings(result, "set_attribute", "sensitive"));
        }

        JsonElement locate = result.GetProperty("locate");
        Assert.Equal([locate.GetProperty("expected_by_name").GetString()!], Strings(result, "locate", "by_name"));
        Assert.True(locate.GetProperty("by_type_contains_both").GetBoolean(), "Locate by Object Type missed a created key");
        Assert.False(locate.GetProperty("by_type_has_secret").GetBoolean(), "Locate by Object Type Symmetric Key returned Secret Data");
        Assert.Equal(1, locate.GetProperty("limited_count").GetInt32());

        JsonElement lifecycle = result.GetProperty("activate_revoke_destroy");
        Assert.Equal(["ACTIVE"], Strings(lifecycle, "active"));
        Assert.Equal(["DEACTIVATED"], Strings(lifecycle, "revoked"));
        Assert.Equal(["DESTROYED"], Strings(lifecycle, "destroyed"));
        Assert.NotEqual("succeeded", lifecycle.GetProperty("get_after_destroy").GetString());
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.4")]
    [InlineData("2.0")]
    public async Task PyKMIP_creates_a_key_pair_signs_and_verifies_and_python_cryptography_agrees(string version)
    {
        JsonElement result = await PyKmip.RunAsync("asymmetric.py", server, version);
        PyKmip.AssertAllStepsSucceeded(result);
        Assert.Equal(256, result.GetProperty("sign_pkcs1").GetProperty("signature_bytes").GetInt32());
        Assert.Equal("VALID", result.GetProperty("verify_pkcs1").GetProperty("validity").GetString());
        Assert.Equal("INVALID", result.GetProperty("verify_pkcs1_tampered").GetProperty("validity").GetString());
        Assert.Equal("VALID", result.GetProperty("verify_pss").GetProperty("validity").GetString());
        JsonElement publicKey = result.GetProperty("get_public_key");
        Assert.Equal("RSA", publicKey.GetProperty("algorithm").GetString());
        Assert.Equal(2048, publicKey.GetProperty("length").GetInt32());
        // The signatures are checked by python3-cryptography against the public key Get returned, not by the server.
        JsonElement independent = result.GetProperty("cryptography_verifies");
        Assert.Equal("valid", independent.GetProperty("pkcs1").GetString());
        Assert.Equal("valid", independent.GetProperty("pss").GetString());
        Assert.Equal(2048, independent.GetProperty("key_bits").GetInt32());
    }

    [Fact]
    public async Task A_newcomer_key_reads_the_same_from_KMIP_1_2_and_2_0_through_its_whole_life()
    {
        JsonElement result = await PyKmip.RunAsync("newcomer.py", server, "2.0");
        PyKmip.AssertAllStepsSucceeded(result);
        Assert.Equal(32, result.GetProperty("get").GetProperty("value_bytes").GetInt32());
        Assert.Equal([result.GetProperty("create").GetProperty("uid").GetString()!], Strings(result, "locate", "found"));
        foreach ((string stage, string state) in new[] { ("pre_active", "PRE_ACTIVE"), ("active", "ACTIVE"), ("revoked", "COMPROMISED"), ("destroyed", "DESTROYED_COMPROMISED") })
        {
            JsonElement read = result.GetProperty("read_" + stage);
            foreach (string version in new[] { "1.2", "2.0" })
            {
                Assert.Equal([state], Strings(read, version, "State"));
                Assert.Equal(["AES"], Strings(read, version, "Cryptographic Algorithm"));
                Assert.Equal(["256"], Strings(read, version, "Cryptographic Length"));
                Assert.Single(Strings(read, version, "Name"));
            }
        }
    }

    [Theory]
    [InlineData("1.4")]
    [InlineData("2.0")]
    public async Task PyKMIP_derives_keys_that_Python_cryptography_reproduces(string version)
    {
        JsonElement result = await PyKmip.RunAsync("crypto_services.py", server, version);
        PyKmip.AssertAllStepsSucceeded(result);

        foreach (string step in new[] { "derive_pbkdf2", "derive_hmac", "derive_hkdf", "derive_nist800_108_counter" })
        {
            Assert.True(result.GetProperty(step).GetProperty("same_value").GetBoolean(), $"{step}: Python's cryptography computes another value");
        }
    }

    private static string[] Strings(JsonElement element, params string[] path)
    {
        foreach (string step in path)
        {
            Assert.True(element.TryGetProperty(step, out JsonElement next), $"no '{step}' in {element}");
            element = next;
        }

        return [.. element.EnumerateArray().Select(e => e.GetString()!)];
    }
}
