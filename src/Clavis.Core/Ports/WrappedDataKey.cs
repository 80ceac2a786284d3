namespace Clavis.Core.Ports;

/// <summary>A data key as the seal wrapped it: which master key, and the wrapped bytes.</summary>
/// <param name="MasterKeyId">The master key that wrapped it.</param>
/// <param name="Wrapped">The wrapped key (ciphertext; safe to store).</param>
public sealed record WrappedDataKey(string MasterKeyId, byte[] Wrapped);
