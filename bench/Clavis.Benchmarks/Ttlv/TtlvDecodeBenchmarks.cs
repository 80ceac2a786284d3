using BenchmarkDotNet.Attributes;
using Clavis.Kmip.Ttlv;

namespace Clavis.Benchmarks.Ttlv;

/// <summary>
/// Decoding one message at the TTLV level: the bare token walk, the walk that materialises what a typed
/// decoder would keep (strings and byte arrays), and the generic tree.
/// </summary>
[MemoryDiagnoser]
public class TtlvDecodeBenchmarks
{
    private byte[] _message = [];

    /// <summary>Which sample message.</summary>
    [ParamsSource(typeof(SampleMessages), nameof(SampleMessages.Names))]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _message = SampleMessages.Bytes(Message);

    /// <summary>Every token read and validated; scalar values read, strings and bytes only looked at.</summary>
    [Benchmark(Baseline = true)]
    public long ReaderWalk()
    {
        var reader = new TtlvReader(_message);
        long sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType == TtlvTokenType.Value)
            {
                sum += reader.Type switch
                {
                    TtlvType.Integer => reader.GetInteger(),
                    TtlvType.Enumeration => reader.GetEnumeration(),
                    TtlvType.DateTime => reader.GetDateTimeSeconds(),
                    _ => reader.ValueSpan.Length,
                };
            }
        }

        return sum;
    }

    /// <summary>The walk a typed decoder makes: scalars read, Text and Byte Strings copied out as it must keep them.</summary>
    [Benchmark]
    public long ReaderWalkMaterialising()
    {
        var reader = new TtlvReader(_message);
        long sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType != TtlvTokenType.Value)
            {
                continue;
            }

            sum += reader.Type switch
            {
                TtlvType.Integer => reader.GetInteger(),
                TtlvType.Enumeration => reader.GetEnumeration(),
                TtlvType.DateTime => reader.GetDateTimeSeconds(),
                TtlvType.TextString => reader.GetTextString().Length,
                TtlvType.ByteString => reader.GetByteString().Length,
                _ => reader.ValueSpan.Length,
            };
        }

        return sum;
    }

    /// <summary>The generic tree (tools, conversions, unknown content).</summary>
    [Benchmark]
    public TtlvNode NodeDecode() => TtlvNode.Decode(_message);
}
