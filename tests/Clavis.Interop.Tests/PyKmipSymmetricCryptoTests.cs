using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Interop.Tests;

/// <summary>
/// PyKMIP's client (Debian's python3-pykmip) runs Encrypt, Decrypt and MAC against the server; the script checks
/// every ciphertext and MAC with Python's cryptography package (OpenSSL), not with Clavis's own code.
/// </summary>
public sealed class PyKmipSymmetricCryptoTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("1.2")]
    [InlineData("1.4")]
    [InlineData("2.0")]
    public async Task PyKMIP_encrypts_decrypts_and_MACs_and_cryptography_agrees(string version)
    {
        JsonElement result = await PyKmip.RunAsync("symmetric_crypto.py", server, version);
        PyKmip.AssertAllStepsSucceeded(result);
        Assert.True(result.GetProperty("mac_cmac").GetProperty("uid_matches").GetBoolean());
        Assert.True(result.GetProperty("mac_hmac_sha256").GetProperty("uid_matches").GetBoolean());
    }
}
