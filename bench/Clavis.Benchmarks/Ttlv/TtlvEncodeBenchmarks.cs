using BenchmarkDotNet.Attributes;
using Clavis.Kmip.Ttlv;

namespace Clavis.Benchmarks.Ttlv;

/// <summary>Encoding one message at the TTLV level: straight through a reused writer, and from the generic tree.</summary>
[MemoryDiagnoser]
public class TtlvEncodeBenchmarks
{
    private readonly TtlvWriter _writer = new(4096);
    private TtlvNode _tree = null!;

    /// <summary>Which sample message.</summary>
    [ParamsSource(typeof(SampleMessages), nameof(SampleMessages.Names))]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _tree = TtlvNode.Decode(SampleMessages.Bytes(Message));

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>What a server does per response: write into a pooled writer it reuses, no copy out.</summary>
    [Benchmark(Baseline = true)]
    public int WriterEncode()
    {
        _writer.Reset();
        SampleMessages.Write(Message, _writer);
        return _writer.WrittenSpan.Length;
    }

    /// <summary>The generic tree to a new array.</summary>
    [Benchmark]
    public byte[] NodeEncode() => _tree.Encode();
}
