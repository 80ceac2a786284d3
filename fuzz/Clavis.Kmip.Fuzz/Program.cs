using Clavis.Kmip.Fuzz;
using SharpFuzz;

// Modes (fuzz/README.md has the full recipe):
//   --make-corpus DIR [VECTORS]   write seeds from VECTORS (default tests/vectors) into DIR
//   --run FILE...                 run the target once per file, in process (triage a finding)
//   --libfuzzer                   serve libfuzzer-dotnet
//   (no mode)                     serve afl-fuzz through SharpFuzz's out-of-process runner
// --target NAME picks the target (default ttlv; see FuzzTargets.All).
string targetName = "ttlv";
int targetAt = Array.IndexOf(args, "--target");
if (targetAt >= 0)
{
    targetName = args[targetAt + 1];
    args = [.. args[..targetAt], .. args[(targetAt + 2)..]];
}

if (!FuzzTargets.All.TryGetValue(targetName, out Action<ReadOnlySpan<byte>>? target))
{
    Console.Error.WriteLine($"unknown target '{targetName}'; known: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

switch (args.FirstOrDefault())
{
    case "--make-corpus" when args.Length >= 2:
        int count = SeedCorpus.Write(args.Length >= 3 ? args[2] : Path.Combine("tests", "vectors"), args[1]);
        Console.WriteLine($"wrote {count} seeds to {args[1]}");
        return 0;
    case "--run":
        foreach (string file in args[1..])
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"ok {file}");
        }

        return 0;
    case "--libfuzzer":
        Fuzzer.LibFuzzer.Run(span => target(span));
        return 0;
    case null:
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    default:
        Console.Error.WriteLine("usage: [--target NAME] [--make-corpus DIR [VECTORS] | --run FILE... | --libfuzzer]");
        return 2;
}
