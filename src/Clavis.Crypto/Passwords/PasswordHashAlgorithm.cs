namespace Clavis.Crypto.Passwords;

/// <summary>The password hashing functions a <see cref="PasswordHash"/> can name.</summary>
public enum PasswordHashAlgorithm
{
    /// <summary>Argon2id (RFC 9106), PHC identifier <c>argon2id</c>: what the server writes.</summary>
    Argon2id = 1,

    /// <summary>PBKDF2 with HMAC-SHA-256 (RFC 8018), PHC identifier <c>pbkdf2-sha256</c>: accepted for imported users.</summary>
    Pbkdf2Sha256 = 2,
}
