using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Crypto.Formats;

/// <summary>
/// An elliptic-curve private key by its scalar (KMIP Transparent EC / ECDSA Private Key): D, big-endian and as
/// long as the curve's field for a NIST curve; the 32-byte private key for Ed25519. <see cref="Dispose"/> zeroes D.
/// </summary>
public sealed class EcPrivateComponents : IDisposable
{
    /// <summary><see cref="AsymmetricKeyType.EllipticCurve"/> or <see cref="AsymmetricKeyType.Ed25519"/>.</summary>
    public required AsymmetricKeyType Type { get; init; }

    /// <summary>The NIST curve; null for Ed25519.</summary>
    public EllipticCurve? Curve { get; init; }

    /// <summary>The private scalar. The caller owns it.</summary>
    public required byte[] D { get; init; }

    /// <summary>Zeroes D.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(D);

    /// <summary>Never the value.</summary>
    public override string ToString() => $"EcPrivateComponents({Type} {Curve})";
}
