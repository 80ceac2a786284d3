using Clavis.Crypto.Asymmetric;

namespace Clavis.Crypto.Formats;

/// <summary>
/// An elliptic-curve public key by its point (KMIP Transparent EC / ECDSA Public Key): for a NIST curve the
/// uncompressed point 04‖X‖Y (SEC1 §2.3.3); for Ed25519 the 32-byte encoded point (RFC 8032 §5.1.2).
/// </summary>
/// <param name="Type"><see cref="AsymmetricKeyType.EllipticCurve"/> or <see cref="AsymmetricKeyType.Ed25519"/>.</param>
/// <param name="Curve">The NIST curve; null for Ed25519.</param>
/// <param name="Q">The encoded point.</param>
public sealed record EcPublicComponents(AsymmetricKeyType Type, EllipticCurve? Curve, byte[] Q);
