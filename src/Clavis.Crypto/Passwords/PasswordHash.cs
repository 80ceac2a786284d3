using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Clavis.Crypto.Passwords;

/// <summary>
/// A password hash in PHC string format: <c>$argon2id$v=19$m=M,t=T,p=P$SALT$HASH</c> (what the server writes) or
/// <c>$pbkdf2-sha256$i=N$SALT$HASH</c> (accepted for imported users; passlib's <c>$pbkdf2-sha256$N$…</c> with its
/// '.'-for-'+' alphabet too). SALT and HASH are base64 without padding. The hash is no secret in the way a key is,
/// but it lets an attacker guess offline: it has no revealing <see cref="object.ToString"/>, and callers keep
/// <see cref="Encoded"/> out of logs and answers.
/// </summary>
public sealed class PasswordHash
{
    /// <summary>Salt bytes the server generates.</summary>
    public const int SaltLength = 16;

    /// <summary>Hash bytes the server generates.</summary>
    public const int HashLength = 32;

    /// <summary>Fewest PBKDF2 iterations accepted: weaker imported hashes must be reset rather than trusted.</summary>
    public const int MinPbkdf2Iterations = 10_000;

    /// <summary>Most PBKDF2 iterations accepted, so one verification cannot occupy a core for seconds.</summary>
    public const int MaxPbkdf2Iterations = 10_000_000;

    private const int MinSaltLength = 8;
    private const int MaxSaltLength = 64;
    private const int MinHashLength = 16;
    private const int MaxHashLength = 64;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(PasswordHashAlgorithm algorithm, Argon2idCost? argon2, int pbkdf2Iterations, byte[] salt, byte[] hash)
    {
        Algorithm = algorithm;
        Argon2Cost = argon2;
        Pbkdf2Iterations = pbkdf2Iterations;
        _salt = salt;
        _hash = hash;
        Encoded = algorithm == PasswordHashAlgorithm.Argon2id
            ? string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={argon2!.MemoryKiB},t={argon2.Iterations},p={argon2.Parallelism}${Base64(salt)}${Base64(hash)}")
            : string.Create(CultureInfo.InvariantCulture, $"$pbkdf2-sha256$i={pbkdf2Iterations}${Base64(salt)}${Base64(hash)}");
    }

    /// <summary>The hashing function.</summary>
    public PasswordHashAlgorithm Algorithm { get; }

    /// <summary>The Argon2id cost, or null for PBKDF2.</summary>
    public Argon2idCost? Argon2Cost { get; }

    /// <summary>The PBKDF2 iteration count, or 0 for Argon2id.</summary>
    public int Pbkdf2Iterations { get; }

    /// <summary>The PHC string, in this server's canonical spelling (standard base64 alphabet, <c>i=</c> for PBKDF2).</summary>
    public string Encoded { get; }

    /// <summary>Hashes <paramref name="password"/> (UTF-8, as given: no Unicode normalization) with Argon2id and a random salt.</summary>
    /// <exception cref="ArgumentException"><paramref name="cost"/> is out of range.</exception>
    public static PasswordHash CreateArgon2id(ReadOnlySpan<byte> password, Argon2idCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        cost.Validate();
        byte[] salt = RandomNumberGenerator.GetBytes(SaltLength);
        byte[] hash = new byte[HashLength];
        Argon2id.DeriveBytes(password, salt, cost, hash);
        return new PasswordHash(PasswordHashAlgorithm.Argon2id, cost, 0, salt, hash);
    }

    /// <summary>Reads a PHC string.</summary>
    /// <exception cref="PasswordHashFormatException">It is not a supported, well-formed hash within this server's limits; the message says which part is wrong.</exception>
    public static PasswordHash Parse(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        // "$id$params$salt$hash": a leading empty field, then four (Argon2 has a fifth, its version).
        string[] fields = encoded.Split('$');
        if (fields.Length < 2 || fields[0].Length != 0)
        {
            throw new PasswordHashFormatException("a password hash starts with '$' and its algorithm ($argon2id$… or $pbkdf2-sha256$…)");
        }

        return fields[1] switch
        {
            "argon2id" => ParseArgon2id(fields),
            "pbkdf2-sha256" => ParsePbkdf2(fields),
            "argon2i" or "argon2d" => throw new PasswordHashFormatException($"{fields[1]} hashes are not accepted; only argon2id and pbkdf2-sha256"),
            _ => throw new PasswordHashFormatException("unsupported password hash algorithm; only argon2id and pbkdf2-sha256 are accepted"),
        };
    }

    /// <summary>Checks <paramref name="password"/> (UTF-8) against the hash, comparing in constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> password)
    {
        byte[] derived = new byte[_hash.Length];
        try
        {
            if (Algorithm == PasswordHashAlgorithm.Argon2id)
            {
                Argon2id.DeriveBytes(password, _salt, Argon2Cost!, derived);
            }
            else
            {
                Rfc2898DeriveBytes.Pbkdf2(password, _salt, derived, Pbkdf2Iterations, HashAlgorithmName.SHA256);
            }

            return CryptographicOperations.FixedTimeEquals(derived, _hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>The algorithm and its cost, never the salt or hash.</summary>
    public override string ToString() => Algorithm == PasswordHashAlgorithm.Argon2id
        ? string.Create(CultureInfo.InvariantCulture, $"argon2id (m={Argon2Cost!.MemoryKiB}, t={Argon2Cost.Iterations}, p={Argon2Cost.Parallelism})")
        : string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256 (i={Pbkdf2Iterations})");

    private static PasswordHash ParseArgon2id(string[] fields)
    {
        if (fields.Length != 6)
        {
            throw new PasswordHashFormatException("an argon2id hash has the form $argon2id$v=19$m=M,t=T,p=P$SALT$HASH");
        }

        if (fields[2] != "v=19")
        {
            throw new PasswordHashFormatException("only Argon2 version 19 (0x13, RFC 9106) is accepted: the hash must say v=19");
        }

        int? memory = null, iterations = null, parallelism = null;
        foreach (string parameter in fields[3].Split(','))
        {
            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? parameter : parameter[..equals];
            if (name is not ("m" or "t" or "p"))
            {
                // keyid and data (PHC) are not supported: a secret key would have to live somewhere.
                throw new PasswordHashFormatException($"argon2id parameter '{name}' is not supported; only m, t and p");
            }

            int value = equals < 0 ? throw new PasswordHashFormatException($"argon2id parameter {name} has no value")
                : ParsePositive(parameter[(equals + 1)..], $"argon2id parameter {name}");
            switch (name)
            {
                case "m" when memory is null:
                    memory = value;
                    break;
                case "t" when iterations is null:
                    iterations = value;
                    break;
                case "p" when parallelism is null:
                    parallelism = value;
                    break;
                default:
                    throw new PasswordHashFormatException($"argon2id parameter {name} appears twice");
            }
        }

        if (memory is null || iterations is null || parallelism is null)
        {
            throw new PasswordHashFormatException("an argon2id hash needs the parameters m, t and p");
        }

        var cost = new Argon2idCost(memory.Value, iterations.Value, parallelism.Value);
        try
        {
            cost.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new PasswordHashFormatException(ex.Message, ex);
        }

        return new PasswordHash(PasswordHashAlgorithm.Argon2id, cost, 0, Salt(fields[4], standardOnly: true), Hash(fields[5], standardOnly: true));
    }

    private static PasswordHash ParsePbkdf2(string[] fields)
    {
        if (fields.Length != 5)
        {
            throw new PasswordHashFormatException("a pbkdf2-sha256 hash has the form $pbkdf2-sha256$i=N$SALT$HASH");
        }

        // The brief's PHC spelling is i=N; passlib writes the bare number.
        string rounds = fields[2].StartsWith("i=", StringComparison.Ordinal) ? fields[2][2..] : fields[2];
        int iterations = ParsePositive(rounds, "pbkdf2-sha256 iteration count");
        if (iterations < MinPbkdf2Iterations || iterations > MaxPbkdf2Iterations)
        {
            throw new PasswordHashFormatException(string.Create(CultureInfo.InvariantCulture,
                $"pbkdf2-sha256 iteration count must be {MinPbkdf2Iterations} to {MaxPbkdf2Iterations}, not {iterations}; reset weaker passwords instead of importing them"));
        }

        return new PasswordHash(PasswordHashAlgorithm.Pbkdf2Sha256, null, iterations, Salt(fields[3], standardOnly: false), Hash(fields[4], standardOnly: false));
    }

    private static int ParsePositive(string text, string what)
    {
        // Digits only: no sign, no spaces, no leading zeros beyond "0" itself.
        if (text.Length == 0 || text.Length > 9 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            throw new PasswordHashFormatException($"{what} must be a positive decimal number");
        }

        int value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new PasswordHashFormatException($"{what} must be a positive decimal number");
    }

    private static byte[] Salt(string text, bool standardOnly)
    {
        byte[] salt = DecodeBase64(text, standardOnly, "salt");
        return salt.Length is >= MinSaltLength and <= MaxSaltLength
            ? salt
            : throw new PasswordHashFormatException($"the salt must be {MinSaltLength} to {MaxSaltLength} bytes, not {salt.Length}");
    }

    private static byte[] Hash(string text, bool standardOnly)
    {
        byte[] hash = DecodeBase64(text, standardOnly, "hash");
        return hash.Length is >= MinHashLength and <= MaxHashLength
            ? hash
            : throw new PasswordHashFormatException($"the hash must be {MinHashLength} to {MaxHashLength} bytes, not {hash.Length}");
    }

    // PHC: standard base64 without padding. passlib's "adapted base64" writes '.' for '+'.
    private static byte[] DecodeBase64(string text, bool standardOnly, string what)
    {
        var builder = new StringBuilder(text.Length + 3);
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/')
            {
                builder.Append(c);
            }
            else if (c == '.' && !standardOnly)
            {
                builder.Append('+');
            }
            else
            {
                throw new PasswordHashFormatException($"the {what} is not base64 without padding");
            }
        }

        if (builder.Length % 4 == 1)
        {
            throw new PasswordHashFormatException($"the {what} is not base64 without padding (its length is impossible)");
        }

        builder.Append('=', (4 - (builder.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(builder.ToString());
        }
        catch (FormatException ex)
        {
            throw new PasswordHashFormatException($"the {what} is not base64 without padding", ex);
        }
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
