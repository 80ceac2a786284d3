using Clavis.Kmip.Ttlv;
using SharpFuzz;

// The fuzz target: any input must either decode or throw TtlvFormatException. Any other exception,
// a hang or a crash is a finding. See fuzz/README.md for how to run it under AFL++ or libFuzzer.
Fuzzer.LibFuzzer.Run(span =>
{
    try
    {
        TtlvNode node = TtlvNode.Decode(span);
        byte[] again = node.Encode();
        if (!again.AsSpan().SequenceEqual(span))
        {
            throw new InvalidOperationException("decoded input did not re-encode byte for byte");
        }
    }
    catch (TtlvFormatException)
    {
    }
});
