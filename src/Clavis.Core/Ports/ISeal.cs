using Clavis.Crypto.Secrets;

namespace Clavis.Core.Ports;

/// <summary>
/// Holds the master key and wraps data keys under it. The master key never leaves the seal:
/// a key file keeps it in this process, an HSM keeps it in the HSM.
/// </summary>
public interface ISeal
{
    /// <summary>What holds the master key, for operators (never the key itself).</summary>
    string Description { get; }

    /// <summary>True when the master key is kept unprotected on disk (development mode).</summary>
    bool IsDevelopmentMode { get; }

    /// <summary>Wraps <paramref name="dataKey"/> under the current master key.</summary>
    /// <exception cref="SealException">The seal cannot be reached or refuses.</exception>
    ValueTask<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken);

    /// <summary>Unwraps a data key wrapped earlier by this seal, under whichever master key wrapped it.</summary>
    /// <exception cref="SealException">Unknown master key, tampered wrapping, or the seal cannot be reached.</exception>
    ValueTask<SecretBytes> UnwrapAsync(WrappedDataKey wrapped, CancellationToken cancellationToken);

    /// <summary>Makes a new master key current; earlier ones stay available to unwrap until retired.</summary>
    /// <returns>The new master key's identifier.</returns>
    ValueTask<string> RotateAsync(CancellationToken cancellationToken);

    /// <summary>The current master key's identifier.</summary>
    string CurrentMasterKeyId { get; }
}
