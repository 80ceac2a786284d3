namespace Clavis.Core.Barrier;

/// <summary>Key material as it rests: AES-256-GCM ciphertext under a data key. Safe to store.</summary>
/// <param name="DataKeyId">The data key that encrypted it.</param>
/// <param name="Nonce">The 12-byte GCM nonce.</param>
/// <param name="Ciphertext">The ciphertext followed by the 16-byte tag.</param>
public sealed record SealedMaterial(string DataKeyId, byte[] Nonce, byte[] Ciphertext);
