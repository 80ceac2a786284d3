using System.Buffers;
using Clavis.Kmip.Ttlv;
using Clavis.Server.Listener;

namespace Clavis.LoadGenerator;

/// <summary>
/// Answers every message with one fixed, pre-encoded response and no KMIP logic: what is left is mutual TLS,
/// framing and the listener's session loop — the ceiling any KMIP operation can reach on this machine.
/// </summary>
internal sealed class EchoProcessor : IKmipMessageProcessor
{
    private readonly byte[] _response;

    public EchoProcessor(byte[] response)
    {
        _response = response;
    }

    public ValueTask ProcessAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, KmipSession session, Action executed, CancellationToken cancellationToken)
    {
        response.Write(_response);
        return ValueTask.CompletedTask;
    }

    public void WriteFramingError(TtlvFormatException error, IBufferWriter<byte> response, KmipSession session) => response.Write(_response);
}
