using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Crypto;

/// <summary>Which Cryptographic Parameters an operation on a key uses.</summary>
internal static class CryptographicParametersSource
{
    /// <summary>
    /// The request's parameters when it has them, else the key's first Cryptographic Parameters attribute, else
    /// empty parameters. KMIP 2.1 §6.1.18 (Encrypt) and §6.1.16 (Decrypt): "If there are no Cryptographic
    /// Parameters provided with the request, then the Cryptographic Parameters set on the Managed Object are used."
    /// The structure is taken whole, never merged field by field.
    /// </summary>
    public static CryptographicParameters Resolve(CryptographicParameters? requested, ManagedObject key, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (requested is not null)
        {
            return requested;
        }

        if (key.Attributes.GetFirst(Tag.CryptographicParameters) is not { Type: TtlvType.Structure } stored)
        {
            return new CryptographicParameters();
        }

        byte[] encoded = stored.Encode();
        var reader = new TtlvReader(encoded);
        reader.Read();
        return CryptographicParameters.Decode(ref reader, version);
    }
}
