using BenchmarkDotNet.Running;

// One entry point for every kernel benchmark; pick with --filter, e.g.
//   dotnet run -c Release --project bench/RustyOnions.Benchmarks -- --filter '*Frame*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
