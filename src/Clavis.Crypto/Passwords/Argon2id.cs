using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Clavis.Crypto.Passwords;

/// <summary>Argon2id (RFC 9106) over BouncyCastle, which the project already carries: the BCL has no Argon2.</summary>
internal static class Argon2id
{
    /// <summary>Fills <paramref name="destination"/> with Argon2id(<paramref name="password"/>, <paramref name="salt"/>).</summary>
    public static void DeriveBytes(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2idCost cost, Span<byte> destination)
    {
        DeriveBytes(password, salt, cost, destination, [], []);
    }

    /// <summary>The full function with the optional secret K and associated data X (RFC 9106 §3.1), for the RFC's vectors.</summary>
    public static void DeriveBytes(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2idCost cost, Span<byte> destination, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> associatedData)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithSalt(salt.ToArray())
            .WithSecret(secret.ToArray())
            .WithAdditional(associatedData.ToArray())
            .WithMemoryAsKB(cost.MemoryKiB)
            .WithIterations(cost.Iterations)
            .WithParallelism(cost.Parallelism)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        // BouncyCastle takes arrays: both copies are zeroed before they are let go.
        byte[] passwordCopy = password.ToArray();
        byte[] output = new byte[destination.Length];
        try
        {
            generator.GenerateBytes(passwordCopy, output);
            output.CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordCopy);
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
