using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireManagedObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// A key that passed <see cref="KeyUse"/>, opened for one operation: the managed object, and its body in the
/// clear. Disposing zeroes every byte and big-integer value of the key material.
/// </summary>
internal sealed class UsableKey : IDisposable
{
    private readonly bool _ownsBody;
    private bool _disposed;

    /// <summary>Wraps an opened key.</summary>
    /// <param name="managedObject">The managed object.</param>
    /// <param name="body">The opened body.</param>
    /// <param name="block">The body's key block.</param>
    /// <param name="ownsBody">False when the body belongs to the message's <see cref="OpenedBodies"/>, which zeroes it when the message ends.</param>
    public UsableKey(ManagedObject managedObject, WireManagedObject body, KeyBlock block, bool ownsBody = true)
    {
        Object = managedObject;
        Body = body;
        Block = block;
        _ownsBody = ownsBody;
    }

    /// <summary>The managed object (its attributes, state, identifier).</summary>
    public ManagedObject Object { get; }

    /// <summary>The object's body in the clear.</summary>
    public WireManagedObject Body { get; }

    /// <summary>The body's key block.</summary>
    public KeyBlock Block { get; }

    /// <summary>
    /// Prepared key schedules that live as long as the shared body (the message), or null when this key owns its
    /// body. Only a cipher that ends within the message may use them: a streamed one outlives it.
    /// </summary>
    public KeySchedules? Schedules { get; init; }

    /// <summary>The key's Cryptographic Algorithm: the key block's, else the object's attribute.</summary>
    public CryptographicAlgorithm? Algorithm =>
        Block.CryptographicAlgorithm ?? (CryptographicAlgorithm?)Object.Attributes.GetEnumeration(Tag.CryptographicAlgorithm);

    /// <summary>The key's Cryptographic Length in bits: the key block's, else the object's attribute.</summary>
    public int? Length => Block.CryptographicLength ?? Object.Attributes.GetInteger(Tag.CryptographicLength);

    /// <summary>
    /// The key material when it is a plain byte string (Raw, Opaque, PKCS#1, PKCS#8, X.509, ECPrivateKey formats);
    /// for a Transparent Symmetric Key, its Key bytes. Empty for other transparent structures.
    /// </summary>
    public ReadOnlySpan<byte> MaterialBytes => Block.KeyValue?.KeyMaterial switch
    {
        { Type: TtlvType.ByteString } bytes => bytes.ByteStringValue,
        { Type: TtlvType.Structure } structure when structure.Find(Tag.Key) is { Type: TtlvType.ByteString } key => key.ByteStringValue,
        _ => [],
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_ownsBody)
            {
                Erase(Body);
            }
        }
    }

    /// <summary>Zeroes the key material held by an opened body.</summary>
    public static void Erase(WireManagedObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Objects.ObjectBodyCodec.KeyBlockOf(body)?.KeyValue?.KeyMaterial is TtlvNode material)
        {
            Erase(material);
        }
    }

    private static void Erase(TtlvNode node)
    {
        switch (node.Type)
        {
            case TtlvType.ByteString:
                CryptographicOperations.ZeroMemory(node.ByteStringValue);
                break;
            case TtlvType.BigInteger:
                CryptographicOperations.ZeroMemory(node.BigIntegerBytes);
                break;
            case TtlvType.Structure:
                foreach (TtlvNode child in node.Children)
                {
                    Erase(child);
                }

                break;
        }
    }
}
