using BenchmarkDotNet.Attributes;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Benchmarks.Messages;

/// <summary>
/// The typed message model on the same sample messages as the TTLV benchmarks: what the server really
/// does per request (decode into payload types) and per response (encode into a reused writer).
/// </summary>
[MemoryDiagnoser]
public class MessageCodecBenchmarks
{
    private readonly TtlvWriter _writer = new(4096);
    private byte[] _message = [];
    private RequestMessage? _request;
    private ResponseMessage? _response;

    /// <summary>Which sample message.</summary>
    [ParamsSource(typeof(SampleMessages), nameof(SampleMessages.Names))]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _message = SampleMessages.Bytes(Message);
        if (Message.EndsWith("Response", StringComparison.Ordinal))
        {
            _response = ResponseMessage.Decode(_message);
        }
        else
        {
            _request = RequestMessage.Decode(_message);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>Bytes → typed message (request or response, as the sample is).</summary>
    [Benchmark]
    public object Decode() => _request is not null ? RequestMessage.Decode(_message) : ResponseMessage.Decode(_message);

    /// <summary>Typed message → bytes, into a reused writer.</summary>
    [Benchmark]
    public int Encode()
    {
        _writer.Reset();
        if (_request is not null)
        {
            _request.Encode(_writer);
        }
        else
        {
            _response!.Encode(_writer);
        }

        return _writer.WrittenCount;
    }
}
