using Clavis.Core.Barrier;

namespace Clavis.Core.Audit;

/// <summary>
/// A node's checkpoint signing key as stored: the public key in the clear (so a verifier needs no secret),
/// the private key sealed by the <see cref="KeyMaterialBarrier"/> like any key material.
/// </summary>
/// <param name="KeyId">The key's identifier, named by the checkpoints it signs.</param>
/// <param name="NodeId">The node that signs with it.</param>
/// <param name="CreatedAt">When the node created it.</param>
/// <param name="PublicKey">The public key, DER SubjectPublicKeyInfo.</param>
/// <param name="SealedPrivateKey">The PKCS#8 private key sealed under the barrier, with <see cref="BarrierId"/> as associated identity.</param>
public sealed record AuditSigningKeyRecord(string KeyId, string NodeId, DateTimeOffset CreatedAt, byte[] PublicKey, SealedMaterial SealedPrivateKey)
{
    /// <summary>The identity the barrier binds the sealed private key to, so it cannot be swapped with an object's material.</summary>
    public string BarrierId => BarrierIdFor(KeyId);

    /// <summary>The barrier identity of signing key <paramref name="keyId"/>'s private half.</summary>
    public static string BarrierIdFor(string keyId) => $"audit-signing-key:{keyId}";
}
