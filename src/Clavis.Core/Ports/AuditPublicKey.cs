namespace Clavis.Core.Ports;

/// <summary>The public part of a checkpoint signing key, all a verifier needs.</summary>
/// <param name="KeyId">The key identifier checkpoints name.</param>
/// <param name="NodeId">The node that signs with it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="PublicKey">DER SubjectPublicKeyInfo of the ECDSA P-256 key.</param>
public sealed record AuditPublicKey(string KeyId, string NodeId, DateTimeOffset CreatedAt, byte[] PublicKey);
