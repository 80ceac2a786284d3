using System.Text;
using Clavis.Crypto.Passwords;

namespace Clavis.Crypto.Tests.Passwords;

public sealed class PasswordHashTests
{
    private static readonly byte[] s_password = Encoding.UTF8.GetBytes("correct horse battery staple");

    // A small cost keeps the round trips quick; the default is measured in docs/identity.md.
    private static readonly Argon2idCost s_cheap = new(64, 1, 1);

    [Fact]
    public void Argon2id_matches_the_RFC_9106_test_vector()
    {
        // RFC 9106 §5.3: m=32 KiB, t=3, p=4, password 32×01, salt 16×02, secret 8×03, associated data 12×04.
        byte[] tag = new byte[32];
        Argon2id.DeriveBytes(Fill(32, 0x01), Fill(16, 0x02), new Argon2idCost(32, 3, 4), tag, Fill(8, 0x03), Fill(12, 0x04));
        Assert.Equal(Hex.Normal("0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59"), Hex.Of(tag));
    }

    [Fact]
    public void An_argon2id_string_from_the_reference_implementation_verifies()
    {
        // Written by the reference implementation (Debian's libargon2 1, argon2id_hash_encoded) at the default cost.
        PasswordHash hash = PasswordHash.Parse("$argon2id$v=19$m=19456,t=2,p=1$Y2xhdmlzLXNhbHQtMDEyMw$3Oj16ynfFxzZeEY0S5I8b3Rv8LaNq+vT655oYx0XHDI");
        Assert.Equal(Argon2idCost.Default, hash.Argon2Cost);
        Assert.True(hash.Verify(s_password));
        Assert.False(hash.Verify("Correct horse battery staple"u8));
    }

    [Theory]
    // Computed with Python's hashlib.pbkdf2_hmac("sha256", …, 29000, 32); the second is passlib's spelling.
    [InlineData("$pbkdf2-sha256$i=29000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR+fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8")]
    [InlineData("$pbkdf2-sha256$29000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR.fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8")]
    public void Imported_pbkdf2_sha256_hashes_verify(string encoded)
    {
        PasswordHash hash = PasswordHash.Parse(encoded);
        Assert.Equal(PasswordHashAlgorithm.Pbkdf2Sha256, hash.Algorithm);
        Assert.Equal(29000, hash.Pbkdf2Iterations);
        Assert.True(hash.Verify(s_password));
        Assert.False(hash.Verify("correct horse battery stapler"u8));
        // Written back in the canonical spelling, which parses to the same hash.
        Assert.Equal("$pbkdf2-sha256$i=29000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR+fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8", hash.Encoded);
    }

    [Fact]
    public void A_created_argon2id_hash_round_trips_through_its_PHC_string_and_salts_each_hash()
    {
        PasswordHash first = PasswordHash.CreateArgon2id(s_password, s_cheap);
        PasswordHash second = PasswordHash.CreateArgon2id(s_password, s_cheap);
        Assert.StartsWith("$argon2id$v=19$m=64,t=1,p=1$", first.Encoded, StringComparison.Ordinal);
        Assert.NotEqual(first.Encoded, second.Encoded);
        Assert.DoesNotContain("=", first.Encoded.Split('$')[4], StringComparison.Ordinal);

        PasswordHash parsed = PasswordHash.Parse(first.Encoded);
        Assert.True(parsed.Verify(s_password));
        Assert.False(parsed.Verify([]));
        Assert.Equal(first.Encoded, parsed.Encoded);
    }

    [Fact]
    public void ToString_names_the_algorithm_and_cost_but_never_the_salt_or_hash()
    {
        PasswordHash hash = PasswordHash.CreateArgon2id(s_password, s_cheap);
        string text = hash.ToString();
        Assert.Equal("argon2id (m=64, t=1, p=1)", text);
        Assert.DoesNotContain(hash.Encoded.Split('$')[5], text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NoDollar", "plain text", "starts with '$'")]
    [InlineData("Bcrypt", "$2b$12$abcdefghijklmnopqrstuv", "unsupported password hash algorithm")]
    [InlineData("Argon2i", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "argon2i hashes are not accepted")]
    [InlineData("NoVersion", "$argon2id$m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "$argon2id$v=19$m=M,t=T,p=P$SALT$HASH")]
    [InlineData("OldVersion", "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "v=19")]
    [InlineData("MissingP", "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "needs the parameters m, t and p")]
    [InlineData("RepeatedM", "$argon2id$v=19$m=64,m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "appears twice")]
    [InlineData("KeyId", "$argon2id$v=19$m=64,t=1,p=1,keyid=abc$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "'keyid' is not supported")]
    [InlineData("NegativeT", "$argon2id$v=19$m=64,t=-1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "positive decimal number")]
    [InlineData("HugeMemory", "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "memory (m) must be 8 to 262144 KiB")]
    [InlineData("TooLittleMemory", "$argon2id$v=19$m=16,t=1,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "memory (m) must be 32 to")]
    [InlineData("ShortSalt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "salt must be 8 to 64 bytes, not 4")]
    [InlineData("ShortHash", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub", "hash must be 16 to 64 bytes, not 12")]
    [InlineData("BadBase64", "$argon2id$v=19$m=64,t=1,p=1$c29tZX*hbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "salt is not base64")]
    [InlineData("DotInArgon2", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$Rdescudv.Csgt3ub+b+dWRWJTmaaJObG", "hash is not base64")]
    [InlineData("ImpossibleLength", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObGa", "length is impossible")]
    [InlineData("WeakPbkdf2", "$pbkdf2-sha256$i=1000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR+fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8", "iteration count must be 10000 to")]
    [InlineData("Pbkdf2Parts", "$pbkdf2-sha256$i=29000$Y2xhdmlzLXNhbHQtMDEyMw", "$pbkdf2-sha256$i=N$SALT$HASH")]
    [InlineData("Pbkdf2LeadingZero", "$pbkdf2-sha256$i=029000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR+fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8", "positive decimal number")]
    public void Malformed_or_unsupported_hash_strings_are_refused_with_a_message_naming_the_fault(string name, string encoded, string expected)
    {
        PasswordHashFormatException error = Assert.Throws<PasswordHashFormatException>(() => PasswordHash.Parse(encoded));
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Message}");
        // The message describes the fault without repeating the string.
        Assert.DoesNotContain(encoded.Split('$')[^1], error.Message, StringComparison.Ordinal);
    }

    private static byte[] Fill(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
