using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// Cryptographic services performed by the server with keys it holds.
public sealed partial class KmipClient
{
    /// <summary>Encrypts data with a key held by the server (Encrypt).</summary>
    /// <param name="uniqueIdentifier">The key.</param>
    /// <param name="plaintext">The data; not copied, not kept after the call.</param>
    /// <param name="parameters">Mode, padding, tag length, ...; null for the key's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the ciphertext and, where the mode uses them, the IV/nonce the server chose and the authentication tag.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied, Incompatible Cryptographic Usage Mask, Wrong Key Lifecycle State).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<EncryptResponsePayload> EncryptAsync(string uniqueIdentifier, byte[] plaintext, CryptographicParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(plaintext);
        return ExecuteAsync<EncryptResponsePayload>(new EncryptRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = plaintext, CryptographicParameters = parameters }, cancellationToken);
    }

    /// <summary>Sends a Encrypt request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Encrypt response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<EncryptResponsePayload> EncryptAsync(EncryptRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<EncryptResponsePayload>(request, cancellationToken);
    }

    /// <summary>Decrypts data with a key held by the server (Decrypt).</summary>
    /// <param name="uniqueIdentifier">The key.</param>
    /// <param name="ciphertext">The data; not copied.</param>
    /// <param name="parameters">Mode, padding, tag length, ...; null for the key's defaults.</param>
    /// <param name="ivCounterNonce">The IV/nonce Encrypt returned, or null.</param>
    /// <param name="authenticatedEncryptionTag">The tag Encrypt returned (GCM), or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the plaintext, the caller's to zero.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied, Cryptographic Failure for a wrong tag).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<DecryptResponsePayload> DecryptAsync(string uniqueIdentifier, byte[] ciphertext, CryptographicParameters? parameters = null, byte[]? ivCounterNonce = null, byte[]? authenticatedEncryptionTag = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(ciphertext);
        return ExecuteAsync<DecryptResponsePayload>(new DecryptRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = ciphertext, CryptographicParameters = parameters, IVCounterNonce = ivCounterNonce, AuthenticatedEncryptionTag = authenticatedEncryptionTag }, cancellationToken);
    }

    /// <summary>Sends a Decrypt request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Decrypt response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<DecryptResponsePayload> DecryptAsync(DecryptRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<DecryptResponsePayload>(request, cancellationToken);
    }

    /// <summary>Signs data with a private key held by the server (Sign).</summary>
    /// <param name="uniqueIdentifier">The private key.</param>
    /// <param name="data">The data to sign; not copied.</param>
    /// <param name="parameters">Signature algorithm, hash, padding; null for the key's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the signature.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied, Incompatible Cryptographic Usage Mask).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<SignResponsePayload> SignAsync(string uniqueIdentifier, byte[] data, CryptographicParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(data);
        return ExecuteAsync<SignResponsePayload>(new SignRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = data, CryptographicParameters = parameters }, cancellationToken);
    }

    /// <summary>Sends a Sign request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Sign response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<SignResponsePayload> SignAsync(SignRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<SignResponsePayload>(request, cancellationToken);
    }

    /// <summary>Verifies a signature with a public key held by the server (Signature Verify).</summary>
    /// <param name="uniqueIdentifier">The public key.</param>
    /// <param name="data">The signed data; not copied.</param>
    /// <param name="signature">The signature; not copied.</param>
    /// <param name="parameters">Signature algorithm, hash, padding; null for the key's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: its Validity Indicator says Valid or Invalid (an invalid signature is not an exception).</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<SignatureVerifyResponsePayload> SignatureVerifyAsync(string uniqueIdentifier, byte[] data, byte[] signature, CryptographicParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(signature);
        return ExecuteAsync<SignatureVerifyResponsePayload>(new SignatureVerifyRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = data, SignatureData = signature, CryptographicParameters = parameters }, cancellationToken);
    }

    /// <summary>Sends a SignatureVerify request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The SignatureVerify response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<SignatureVerifyResponsePayload> SignatureVerifyAsync(SignatureVerifyRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<SignatureVerifyResponsePayload>(request, cancellationToken);
    }

    /// <summary>Computes a MAC with a key held by the server (MAC).</summary>
    /// <param name="uniqueIdentifier">The MAC key.</param>
    /// <param name="data">The data; not copied.</param>
    /// <param name="parameters">The MAC algorithm (e.g. HMAC-SHA256); null for the key's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the MAC Data.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<MACResponsePayload> MacAsync(string uniqueIdentifier, byte[] data, CryptographicParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(data);
        return ExecuteAsync<MACResponsePayload>(new MACRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = data, CryptographicParameters = parameters }, cancellationToken);
    }

    /// <summary>Sends a Mac request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Mac response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<MACResponsePayload> MacAsync(MACRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<MACResponsePayload>(request, cancellationToken);
    }

    /// <summary>Verifies a MAC with a key held by the server (MAC Verify).</summary>
    /// <param name="uniqueIdentifier">The MAC key.</param>
    /// <param name="data">The data; not copied.</param>
    /// <param name="mac">The MAC to check; not copied.</param>
    /// <param name="parameters">The MAC algorithm; null for the key's defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: its Validity Indicator says Valid or Invalid (a wrong MAC is not an exception).</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<MACVerifyResponsePayload> MacVerifyAsync(string uniqueIdentifier, byte[] data, byte[] mac, CryptographicParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(mac);
        return ExecuteAsync<MACVerifyResponsePayload>(new MACVerifyRequestPayload { UniqueIdentifier = uniqueIdentifier, Data = data, MACData = mac, CryptographicParameters = parameters }, cancellationToken);
    }

    /// <summary>Sends a MacVerify request as given (streaming with Init/Final Indicator and Correlation Value, additional data, ...).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The MacVerify response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<MACVerifyResponsePayload> MacVerifyAsync(MACVerifyRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<MACVerifyResponsePayload>(request, cancellationToken);
    }

    /// <summary>Hashes data on the server (Hash).</summary>
    /// <param name="algorithm">The hashing algorithm, e.g. SHA-256.</param>
    /// <param name="data">The data; not copied.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the digest.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Invalid Field for an unsupported algorithm).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<HashResponsePayload> HashAsync(HashingAlgorithm algorithm, byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ExecuteAsync<HashResponsePayload>(
            new HashRequestPayload { CryptographicParameters = new CryptographicParameters { HashingAlgorithm = algorithm }, Data = data },
            cancellationToken);
    }

    /// <summary>Fetches random bytes from the server's generator (RNG Retrieve).</summary>
    /// <param name="length">How many bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the random data.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Invalid Field for a length it will not serve).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<RNGRetrieveResponsePayload> RngRetrieveAsync(int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return ExecuteAsync<RNGRetrieveResponsePayload>(new RNGRetrieveRequestPayload { DataLength = length }, cancellationToken);
    }

    /// <summary>Gives the server's random generator additional input (RNG Seed). The server mixes it in; it never replaces the generator's own entropy.</summary>
    /// <param name="data">The seed bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: how many bytes the server took.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<RNGSeedResponsePayload> RngSeedAsync(byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ExecuteAsync<RNGSeedResponsePayload>(new RNGSeedRequestPayload { Data = data }, cancellationToken);
    }
}
