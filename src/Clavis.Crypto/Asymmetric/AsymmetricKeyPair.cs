namespace Clavis.Crypto.Asymmetric;

/// <summary>A private key and its public key, as generated together. Disposing zeroes the private key.</summary>
public sealed class AsymmetricKeyPair : IDisposable
{
    /// <summary>Pairs <paramref name="privateKey"/> (owned from now on) with its public key.</summary>
    public AsymmetricKeyPair(AsymmetricPrivateKey privateKey, AsymmetricPublicKey publicKey)
    {
        PrivateKey = privateKey ?? throw new ArgumentNullException(nameof(privateKey));
        PublicKey = publicKey ?? throw new ArgumentNullException(nameof(publicKey));
    }

    /// <summary>The private key.</summary>
    public AsymmetricPrivateKey PrivateKey { get; }

    /// <summary>The public key.</summary>
    public AsymmetricPublicKey PublicKey { get; }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => PrivateKey.Dispose();
}
