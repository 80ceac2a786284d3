using Clavis.Crypto.Hashing;

namespace Clavis.Crypto.Tests.Hashing;

/// <summary>
/// The one-block "abc" examples of FIPS 180-4 (NIST's published SHA examples) and FIPS 202 (SHA-3 examples),
/// and the empty string.
/// </summary>
public class IncrementalDigestTests
{
    [Theory]
    [InlineData(DigestAlgorithm.Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData(DigestAlgorithm.Sha224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData(DigestAlgorithm.Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(DigestAlgorithm.Sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData(DigestAlgorithm.Sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData(DigestAlgorithm.Sha512_224, "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa")]
    [InlineData(DigestAlgorithm.Sha512_256, "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData(DigestAlgorithm.Sha3_224, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf")]
    [InlineData(DigestAlgorithm.Sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")]
    [InlineData(DigestAlgorithm.Sha3_384, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25")]
    [InlineData(DigestAlgorithm.Sha3_512, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0")]
    public void Abc_matches_the_FIPS_examples(DigestAlgorithm algorithm, string digest) =>
        Assert.Equal(digest, Hex.Of(IncrementalDigest.Compute(algorithm, "abc"u8)));

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(DigestAlgorithm.Sha224, "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    public void The_empty_string_has_its_known_digest(DigestAlgorithm algorithm, string digest) =>
        Assert.Equal(digest, Hex.Of(IncrementalDigest.Compute(algorithm, [])));

    [Fact]
    public void Parts_give_the_same_digest_as_one_call()
    {
        using IncrementalDigest digest = IncrementalDigest.Create(DigestAlgorithm.Sha224);
        digest.Append("a"u8);
        digest.Append("bc"u8);
        Assert.Equal("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", Hex.Of(digest.Finish()));
    }
}
