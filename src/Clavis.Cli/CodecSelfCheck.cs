using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli;

/// <summary>Encodes and decodes a small KMIP structure and checks the round trip, so an operator sees the codec work on this machine.</summary>
public static class CodecSelfCheck
{
    /// <summary>Runs the check, printing one line per step.</summary>
    /// <returns>True when every step passed.</returns>
    public static bool Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sample = TtlvNode.Structure(Tag.BatchCount,
            TtlvNode.TextString(Tag.UniqueIdentifier, "self-check"),
            TtlvNode.DateTime(Tag.ActivationDate, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        byte[] ttlv = sample.Encode();
        TtlvNode back = TtlvNode.Decode(ttlv);
        bool ok = back.Equals(sample) && back.Encode().AsSpan().SequenceEqual(ttlv);
        output.WriteLine($"codec self-check: TTLV round trip of {ttlv.Length} bytes {(ok ? "ok" : "FAILED")}");
        return ok;
    }
}
