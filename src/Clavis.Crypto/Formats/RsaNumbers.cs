using System.Numerics;
using System.Security.Cryptography;

namespace Clavis.Crypto.Formats;

/// <summary>Between KMIP's RSA numbers (any length, unsigned big-endian) and the BCL's <see cref="RSAParameters"/> (fixed lengths).</summary>
internal static class RsaNumbers
{
    /// <summary>
    /// The BCL parameters of a private key. The CRT values are computed from p and q when the components lack
    /// them; p and q themselves are required (recovering them from n, e and d is not offered). The caller
    /// clears the result with <see cref="Clear"/>.
    /// </summary>
    public static RSAParameters ToParameters(RsaPrivateComponents components)
    {
        if (components.P is null || components.Q is null)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "a Transparent RSA Private Key needs its primes P and Q");
        }

        byte[] modulus = Unpadded(components.Modulus);
        int modulusLength = modulus.Length;
        int half = (modulusLength + 1) / 2;
        var p = new BigInteger(components.P, isUnsigned: true, isBigEndian: true);
        var q = new BigInteger(components.Q, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(components.PublicExponent, isUnsigned: true, isBigEndian: true);
        if (p * q != new BigInteger(modulus, isUnsigned: true, isBigEndian: true))
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "the RSA primes P and Q do not multiply to the Modulus");
        }

        BigInteger d = components.PrivateExponent is byte[] given
            ? new BigInteger(given, isUnsigned: true, isBigEndian: true)
            : ModInverse(e, (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1));
        return new RSAParameters
        {
            Modulus = modulus,
            Exponent = Unpadded(components.PublicExponent),
            D = Fixed(d, modulusLength),
            P = Fixed(p, half),
            Q = Fixed(q, half),
            DP = components.PrimeExponentP is byte[] dp ? Fixed(dp, half) : Fixed(d % (p - 1), half),
            DQ = components.PrimeExponentQ is byte[] dq ? Fixed(dq, half) : Fixed(d % (q - 1), half),
            InverseQ = components.CrtCoefficient is byte[] qi ? Fixed(qi, half) : Fixed(ModInverse(q, p), half),
        };
    }

    /// <summary>The components of BCL parameters (leading zeros removed). The caller owns the result.</summary>
    public static RsaPrivateComponents FromParameters(RSAParameters parameters) => new()
    {
        Modulus = Unpadded(parameters.Modulus!),
        PublicExponent = Unpadded(parameters.Exponent!),
        PrivateExponent = Unpadded(parameters.D!),
        P = Unpadded(parameters.P!),
        Q = Unpadded(parameters.Q!),
        PrimeExponentP = Unpadded(parameters.DP!),
        PrimeExponentQ = Unpadded(parameters.DQ!),
        CrtCoefficient = Unpadded(parameters.InverseQ!),
    };

    /// <summary>Zeroes the private numbers of <paramref name="parameters"/>.</summary>
    public static void Clear(RSAParameters parameters)
    {
        foreach (byte[]? value in new[] { parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ })
        {
            if (value is not null)
            {
                CryptographicOperations.ZeroMemory(value);
            }
        }
    }

    /// <summary>A copy of <paramref name="value"/> without leading zero bytes (at least one byte).</summary>
    public static byte[] Unpadded(ReadOnlySpan<byte> value)
    {
        int start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..].ToArray();
    }

    private static byte[] Fixed(ReadOnlySpan<byte> value, int length)
    {
        byte[] unpadded = Unpadded(value);
        try
        {
            return Fixed(new BigInteger(unpadded, isUnsigned: true, isBigEndian: true), length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unpadded);
        }
    }

    private static byte[] Fixed(BigInteger value, int length)
    {
        byte[] result = new byte[length];
        int size = value.GetByteCount(isUnsigned: true);
        if (size > length || !value.TryWriteBytes(result.AsSpan(length - size), out _, isUnsigned: true, isBigEndian: true))
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "an RSA private component is longer than the modulus allows");
        }

        return result;
    }

    private static BigInteger ModInverse(BigInteger value, BigInteger modulus)
    {
        // Extended Euclid; the inputs here are small in count (two calls per import), so clarity wins.
        BigInteger t = 0, newT = 1, r = modulus, newR = value % modulus;
        while (newR != 0)
        {
            BigInteger quotient = r / newR;
            (t, newT) = (newT, t - (quotient * newT));
            (r, newR) = (newR, r - (quotient * newR));
        }

        if (r != 1)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "the RSA components are inconsistent (no modular inverse)");
        }

        return t < 0 ? t + modulus : t;
    }
}
