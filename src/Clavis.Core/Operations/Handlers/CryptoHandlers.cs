namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// The handlers of the cryptographic services — operations that use keys the server holds (every one passes
/// <see cref="Keys.KeyUse"/> first) and those that make key pairs, derive, re-key and certify.
/// </summary>
public static class CryptoHandlers
{
    /// <summary>Every cryptographic-service handler.</summary>
    public static IReadOnlyList<IOperationHandler> All() =>
    [
        new DeriveKeyHandler(),
        new ReKeyHandler(),
    ];
}
