using BenchmarkDotNet.Running;
using Clavis.Benchmarks;

// Run: dotnet run -c Release --project bench/Clavis.Benchmarks -- --filter '*' --job short
// bench/RESULTS.md records the machine, the command and the figures.
// Durable commit throughput: dotnet run -c Release --project bench/Clavis.Benchmarks -- sqlite-commits [seconds per case]
if (args is ["sqlite-commits", ..])
{
    await SqliteCommitRun.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5));
    return;
}

// store cost of audited uses: dotnet run -c Release --project bench/Clavis.Benchmarks -- audit-append [callers] [seconds] [no-spool]
if (args is ["audit-append", ..])
{
    await AuditAppendRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16,
        TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5),
        spool: args.ElementAtOrDefault(3) != "no-spool");
    return;
}

// the same records through a prototype append-only journal file: dotnet run -c Release --project bench/Clavis.Benchmarks -- audit-file-append [callers] [seconds]
if (args is ["audit-file-append", ..])
{
    await AuditFileAppendRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16,
        TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5));
    return;
}

// audit verify speed: dotnet run -c Release --project bench/Clavis.Benchmarks -- audit-verify [records]
if (args is ["audit-verify", ..])
{
    await AuditVerifyRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

// audit archive speed: dotnet run -c Release --project bench/Clavis.Benchmarks -- audit-archive [records]
if (args is ["audit-archive", ..])
{
    await AuditArchiveRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
