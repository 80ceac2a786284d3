using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Clavis.Benchmarks -- --filter '*' --job short
// bench/RESULTS.md records the machine, the command and the figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
