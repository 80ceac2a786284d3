using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.LoadGenerator;

/// <summary>
/// The objects of the scale run: what Create leaves in the store for an AES-256 key — its attributes, a
/// unique Name, and the Symmetric Key body sealed through <see cref="ObjectBodyCodec"/>, as Create stores it.
/// </summary>
internal static class ScaleObjects
{
    public const string Owner = "admin";

    public static string NameOf(long index) => $"scale-{index:D9}";

    public static ManagedObject Create(long index, KeyMaterialBarrier barrier, DateTimeOffset now)
    {
        string id = Guid.CreateVersion7().ToString();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var attributes = new AttributeSet();
            attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
            attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256));
            attributes.Set(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)));
            attributes.Add(Tag.Name, TtlvNode.Structure(
                Tag.Name,
                TtlvNode.TextString(Tag.NameValue, NameOf(index)),
                TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
            attributes.SetDateTime(Tag.InitialDate, now);
            attributes.SetDateTime(Tag.LastChangeDate, now);
            attributes.SetDateTime(Tag.OriginalCreationDate, now);
            attributes.SetDateTime(Tag.ActivationDate, now);
            attributes.Set(Tag.ShortUniqueIdentifier, TtlvNode.ByteString(Tag.ShortUniqueIdentifier, SHA256.HashData(Encoding.UTF8.GetBytes(id))));
            attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, true));
            attributes.Set(Tag.Digest, TtlvNode.Structure(
                Tag.Digest,
                TtlvNode.Enumeration(Tag.HashingAlgorithm, (uint)HashingAlgorithm.SHA_256),
                TtlvNode.ByteString(Tag.DigestValue, SHA256.HashData(key)),
                TtlvNode.Enumeration(Tag.KeyFormatType, (uint)KeyFormatType.Raw)));
            var body = new SymmetricKey
            {
                KeyBlock = new KeyBlock
                {
                    KeyFormatType = KeyFormatType.Raw,
                    KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, key) },
                    CryptographicAlgorithm = CryptographicAlgorithm.AES,
                    CryptographicLength = 256,
                },
            };
            return new ManagedObject(id, ObjectType.SymmetricKey, State.Active, attributes)
            {
                Owner = Owner,
                Material = ObjectBodyCodec.Seal(barrier, id, body),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
