using System.Security.Cryptography;

namespace Clavis.Crypto.Formats;

/// <summary>
/// An RSA private key by its numbers (KMIP Transparent RSA Private Key), big-endian unsigned. The caller owns
/// the arrays; <see cref="Dispose"/> zeroes them.
/// </summary>
public sealed class RsaPrivateComponents : IDisposable
{
    /// <summary>n.</summary>
    public required byte[] Modulus { get; init; }

    /// <summary>e.</summary>
    public required byte[] PublicExponent { get; init; }

    /// <summary>d; computed from e, p and q when absent.</summary>
    public byte[]? PrivateExponent { get; init; }

    /// <summary>p.</summary>
    public byte[]? P { get; init; }

    /// <summary>q.</summary>
    public byte[]? Q { get; init; }

    /// <summary>d mod (p-1); computed when absent.</summary>
    public byte[]? PrimeExponentP { get; init; }

    /// <summary>d mod (q-1); computed when absent.</summary>
    public byte[]? PrimeExponentQ { get; init; }

    /// <summary>q^-1 mod p; computed when absent.</summary>
    public byte[]? CrtCoefficient { get; init; }

    /// <summary>Zeroes every private number.</summary>
    public void Dispose()
    {
        foreach (byte[]? value in new[] { PrivateExponent, P, Q, PrimeExponentP, PrimeExponentQ, CrtCoefficient })
        {
            if (value is not null)
            {
                CryptographicOperations.ZeroMemory(value);
            }
        }
    }

    /// <summary>Never the value.</summary>
    public override string ToString() => $"RsaPrivateComponents({Modulus.Length * 8} bits)";
}
