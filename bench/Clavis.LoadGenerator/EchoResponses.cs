using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.LoadGenerator;

/// <summary>The echo server's fixed response when no real one was captured: a Get response carrying an AES-256 key, per batch item.</summary>
internal static class EchoResponses
{
    public static byte[] GetResponse(ProtocolVersion version, int batchItems)
    {
        var message = new ResponseMessage(new ResponseHeader { ProtocolVersion = version, TimeStamp = DateTimeOffset.UtcNow });
        for (int i = 0; i < batchItems; i++)
        {
            message.BatchItems.Add(new ResponseBatchItem
            {
                Operation = Operation.Get,
                ResultStatus = ResultStatus.Success,
                Payload = new GetResponsePayload
                {
                    ObjectType = ObjectType.SymmetricKey,
                    UniqueIdentifier = Guid.CreateVersion7().ToString(),
                    Object = new SymmetricKey
                    {
                        KeyBlock = new KeyBlock
                        {
                            KeyFormatType = KeyFormatType.Raw,
                            KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, RandomNumberGenerator.GetBytes(32)) },
                            CryptographicAlgorithm = CryptographicAlgorithm.AES,
                            CryptographicLength = 256,
                        },
                    },
                },
            });
        }

        using var writer = new TtlvWriter();
        message.Encode(writer);
        return writer.ToArray();
    }
}
