namespace Clavis.Crypto.Asymmetric;

/// <summary>What key pair to generate.</summary>
public readonly record struct KeyPairSpec
{
    private KeyPairSpec(AsymmetricKeyType type, int rsaModulusBits, EllipticCurve? curve)
    {
        Type = type;
        RsaModulusBits = rsaModulusBits;
        Curve = curve;
    }

    /// <summary>The RSA modulus sizes generated (NIST SP 800-57 Part 1 Table 2: 2048 bits and up).</summary>
    public static IReadOnlyList<int> RsaModulusSizes { get; } = [2048, 3072, 4096];

    /// <summary>RSA, EC or Ed25519.</summary>
    public AsymmetricKeyType Type { get; }

    /// <summary>The modulus size of an RSA pair; 0 otherwise.</summary>
    public int RsaModulusBits { get; }

    /// <summary>The curve of an EC pair; null otherwise.</summary>
    public EllipticCurve? Curve { get; }

    /// <summary>An RSA pair with a <paramref name="modulusBits"/>-bit modulus and e = 65537.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not one of <see cref="RsaModulusSizes"/>.</exception>
    public static KeyPairSpec Rsa(int modulusBits) => RsaModulusSizes.Contains(modulusBits)
        ? new(AsymmetricKeyType.Rsa, modulusBits, null)
        : throw new ArgumentOutOfRangeException(nameof(modulusBits), modulusBits, "RSA keys are generated with 2048, 3072 or 4096 bits");

    /// <summary>An ECDSA pair on a NIST <paramref name="curve"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The curve is secp256k1, which is read but not generated.</exception>
    public static KeyPairSpec EllipticCurve(EllipticCurve curve) => curve is Asymmetric.EllipticCurve.P256 or Asymmetric.EllipticCurve.P384 or Asymmetric.EllipticCurve.P521
        ? new(AsymmetricKeyType.EllipticCurve, 0, curve)
        : throw new ArgumentOutOfRangeException(nameof(curve), curve, "EC keys are generated on P-256, P-384 or P-521");

    /// <summary>An Ed25519 pair.</summary>
    public static KeyPairSpec Ed25519() => new(AsymmetricKeyType.Ed25519, 0, null);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        AsymmetricKeyType.Rsa => $"RSA-{RsaModulusBits}",
        AsymmetricKeyType.EllipticCurve => $"EC {Curve}",
        _ => "Ed25519",
    };
}
