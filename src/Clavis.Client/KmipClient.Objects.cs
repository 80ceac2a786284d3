using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Client;

// Creating, registering, fetching and finding managed objects.
public sealed partial class KmipClient
{
    /// <summary>Creates a symmetric key on the server (Create).</summary>
    /// <param name="algorithm">Cryptographic Algorithm, e.g. AES.</param>
    /// <param name="length">Cryptographic Length in bits, e.g. 256.</param>
    /// <param name="usageMask">What the key may be used for.</param>
    /// <param name="name">A Name for the key, or null.</param>
    /// <param name="attributes">Further attributes for the new key, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Create response: the new key's Unique Identifier and any attributes the server set.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Permission Denied, Invalid Field).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CreateResponsePayload> CreateSymmetricKeyAsync(
        CryptographicAlgorithm algorithm, int length, CryptographicUsageMask usageMask, string? name = null,
        IEnumerable<KmipAttribute>? attributes = null, CancellationToken cancellationToken = default)
    {
        List<KmipAttribute> template =
        [
            KmipAttributes.CryptographicAlgorithm(algorithm),
            KmipAttributes.CryptographicLength(length),
            KmipAttributes.CryptographicUsageMask(usageMask),
        ];
        if (name is not null)
        {
            template.Add(KmipAttributes.Name(name));
        }

        template.AddRange(attributes ?? []);
        return CreateAsync(new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = template }, cancellationToken);
    }

    /// <summary>Sends a Create request as given.</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Create response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CreateResponsePayload> CreateAsync(CreateRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<CreateResponsePayload>(request, cancellationToken);
    }

    /// <summary>Creates a public/private key pair (Create Key Pair).</summary>
    /// <param name="algorithm">Cryptographic Algorithm, e.g. RSA.</param>
    /// <param name="length">Cryptographic Length in bits, e.g. 2048.</param>
    /// <param name="privateKeyUsageMask">What the private key may do, e.g. Sign.</param>
    /// <param name="publicKeyUsageMask">What the public key may do, e.g. Verify.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: both keys' Unique Identifiers.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CreateKeyPairResponsePayload> CreateKeyPairAsync(
        CryptographicAlgorithm algorithm, int length, CryptographicUsageMask privateKeyUsageMask, CryptographicUsageMask publicKeyUsageMask,
        CancellationToken cancellationToken = default) => CreateKeyPairAsync(
            new CreateKeyPairRequestPayload
            {
                CommonAttributes = [KmipAttributes.CryptographicAlgorithm(algorithm), KmipAttributes.CryptographicLength(length)],
                PrivateKeyAttributes = [KmipAttributes.CryptographicUsageMask(privateKeyUsageMask)],
                PublicKeyAttributes = [KmipAttributes.CryptographicUsageMask(publicKeyUsageMask)],
            },
            cancellationToken);

    /// <summary>Sends a Create Key Pair request as given (e.g. with a curve in Cryptographic Domain Parameters).</summary>
    /// <param name="request">The request payload.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: both keys' Unique Identifiers.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CreateKeyPairResponsePayload> CreateKeyPairAsync(CreateKeyPairRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<CreateKeyPairResponsePayload>(request, cancellationToken);
    }

    /// <summary>Registers a symmetric key the caller already has (Register, Raw key format).</summary>
    /// <param name="algorithm">The key's algorithm.</param>
    /// <param name="key">The key bytes; copied, and the copies the client makes are zeroed once sent. Caller keeps ownership of this array.</param>
    /// <param name="usageMask">What the key may be used for.</param>
    /// <param name="name">A Name for the key, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Register response: the key's Unique Identifier.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<RegisterResponsePayload> RegisterAsync(
        CryptographicAlgorithm algorithm, byte[] key, CryptographicUsageMask usageMask, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] material = (byte[])key.Clone();
        try
        {
            var request = new RegisterRequestPayload
            {
                ObjectType = ObjectType.SymmetricKey,
                Attributes = Template(usageMask, name),
                Object = new SymmetricKey
                {
                    KeyBlock = new KeyBlock
                    {
                        KeyFormatType = KeyFormatType.Raw,
                        KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, material) },
                        CryptographicAlgorithm = algorithm,
                        CryptographicLength = key.Length * 8,
                    },
                },
            };
            return await RegisterAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Registers Secret Data, e.g. a password or seed (Register, Opaque key format).</summary>
    /// <param name="secretDataType">What the secret is.</param>
    /// <param name="secret">The secret bytes; copied, and the copies the client makes are zeroed once sent. Caller keeps ownership of this array.</param>
    /// <param name="usageMask">What the secret may be used for (e.g. Derive Key).</param>
    /// <param name="name">A Name for it, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Register response: the object's Unique Identifier.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<RegisterResponsePayload> RegisterAsync(
        SecretDataType secretDataType, byte[] secret, CryptographicUsageMask usageMask, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] material = (byte[])secret.Clone();
        try
        {
            var request = new RegisterRequestPayload
            {
                ObjectType = ObjectType.SecretData,
                Attributes = Template(usageMask, name),
                Object = new SecretData
                {
                    SecretDataType = secretDataType,
                    KeyBlock = new KeyBlock
                    {
                        KeyFormatType = KeyFormatType.Opaque,
                        KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, material) },
                    },
                },
            };
            return await RegisterAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Sends a Register request as given (any object type, e.g. a certificate or a wrapped key).</summary>
    /// <param name="request">The request payload; its key material is the caller's to zero.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Register response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<RegisterResponsePayload> RegisterAsync(RegisterRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<RegisterResponsePayload>(request, cancellationToken);
    }

    /// <summary>Fetches a managed object with its key material (Get).</summary>
    /// <param name="uniqueIdentifier">The object.</param>
    /// <param name="keyFormatType">The format wanted (e.g. Raw, PKCS#8), or null for the server's default.</param>
    /// <param name="keyWrappingSpecification">Wrap the key under another key before returning it, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Get response: object type, identifier and the object. Its key material is the caller's to zero.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied, Key Format Type Not Supported).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<GetResponsePayload> GetAsync(
        string uniqueIdentifier, KeyFormatType? keyFormatType = null, KeyWrappingSpecification? keyWrappingSpecification = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<GetResponsePayload>(
            new GetRequestPayload { UniqueIdentifier = uniqueIdentifier, KeyFormatType = keyFormatType, KeyWrappingSpecification = keyWrappingSpecification },
            cancellationToken);
    }

    /// <summary>Finds objects (Locate).</summary>
    /// <param name="filter">What to look for.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Locate response: the matching Unique Identifiers (those the caller may see).</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<LocateResponsePayload> LocateAsync(KmipLocateFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ExecuteAsync<LocateResponsePayload>(filter.ToRequest(), cancellationToken);
    }

    /// <summary>Replaces a symmetric key with a new one (Re-Key); the new key inherits the old one's attributes and is linked to it.</summary>
    /// <param name="uniqueIdentifier">The key to replace.</param>
    /// <param name="offset">Seconds from the new key's initialization to its activation, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Re-Key response: the new key's Unique Identifier.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ReKeyResponsePayload> ReKeyAsync(string uniqueIdentifier, uint? offset = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uniqueIdentifier);
        return ExecuteAsync<ReKeyResponsePayload>(new ReKeyRequestPayload { UniqueIdentifier = uniqueIdentifier, Offset = offset }, cancellationToken);
    }

    /// <summary>Derives a new key or secret from existing objects (Derive Key).</summary>
    /// <param name="request">The request: base object identifiers, method, parameters and the new object's attributes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Derive Key response: the new object's Unique Identifier.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<DeriveKeyResponsePayload> DeriveKeyAsync(DeriveKeyRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<DeriveKeyResponsePayload>(request, cancellationToken);
    }

    /// <summary>Replaces a key pair with a new one (Re-Key Key Pair): the new pair inherits the old one's attributes,
    /// dates carried by the offset, and is linked to it (Replacement/Replaced Object links).</summary>
    /// <param name="privateKeyUniqueIdentifier">The private key of the pair to replace.</param>
    /// <param name="offset">Seconds from the new pair's initialization to its activation, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the new private and public keys' Unique Identifiers.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<ReKeyKeyPairResponsePayload> ReKeyKeyPairAsync(string privateKeyUniqueIdentifier, uint? offset = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyUniqueIdentifier);
        return ExecuteAsync<ReKeyKeyPairResponsePayload>(
            new ReKeyKeyPairRequestPayload { PrivateKeyUniqueIdentifier = privateKeyUniqueIdentifier, Offset = offset },
            cancellationToken);
    }

    /// <summary>Issues an X.509 certificate for a managed public key, signed by a managed CA (Certify). The CA is named by
    /// its certificate; the server finds its private key through the objects' links.</summary>
    /// <param name="publicKeyUniqueIdentifier">The public key to certify.</param>
    /// <param name="issuerCertificateUniqueIdentifier">The CA's certificate, managed by the server and linked to the CA's key pair.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the new Certificate object's Unique Identifier (fetch it with <see cref="GetAsync"/>).</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found, Permission Denied, Invalid Field when the CA cannot sign).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CertifyResponsePayload> CertifyAsync(string publicKeyUniqueIdentifier, string issuerCertificateUniqueIdentifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKeyUniqueIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(issuerCertificateUniqueIdentifier);
        return CertifyAsync(
            new CertifyRequestPayload
            {
                UniqueIdentifier = publicKeyUniqueIdentifier,
                Attributes = [KmipAttributes.Link(LinkType.CertificateLink, issuerCertificateUniqueIdentifier)],
            },
            cancellationToken);
    }

    /// <summary>Issues an X.509 certificate (Certify), with the whole request in the caller's hands: a PKCS#10 request
    /// instead of a managed public key, the issuer named by a Private Key Link, the new certificate's attributes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response: the new Certificate object's Unique Identifier.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CertifyResponsePayload> CertifyAsync(CertifyRequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<CertifyResponsePayload>(request, cancellationToken);
    }

    private static List<KmipAttribute> Template(CryptographicUsageMask usageMask, string? name)
    {
        List<KmipAttribute> template = [KmipAttributes.CryptographicUsageMask(usageMask)];
        if (name is not null)
        {
            template.Add(KmipAttributes.Name(name));
        }

        return template;
    }
}
