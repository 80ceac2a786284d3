using Clavis.Core.Crypto;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// The handlers of the cryptographic services — operations that use keys the server holds (every one passes
/// <see cref="Keys.KeyUse"/> first) and those that make key pairs, derive, re-key and certify.
/// </summary>
public static class CryptoHandlers
{
    /// <summary>Every cryptographic-service handler.</summary>
    /// <param name="streams">Where streamed operations wait between parts; a new registry with default bounds when null.</param>
    public static IReadOnlyList<IOperationHandler> All(CryptoStreamRegistry? streams = null)
    {
        streams ??= new CryptoStreamRegistry(new CryptoStreamOptions());
        return
        [
            new EncryptHandler(streams),
            new DecryptHandler(streams),
            new MACHandler(streams),
            new MACVerifyHandler(streams),
            new HashHandler(streams),
            new RNGRetrieveHandler(),
            new RNGSeedHandler(),
            new DeriveKeyHandler(),
            new ReKeyHandler(),
            new CreateKeyPairHandler(),
            new SignHandler(),
            new SignatureVerifyHandler(),
            new CertifyHandler(),
        ];
    }
}
