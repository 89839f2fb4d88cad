using BenchmarkDotNet.Attributes;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;

namespace RustyOnions.Benchmarks.Index;

/// <summary>
/// Resolve of a local name among 100,000 stored records. <see cref="Resolve"/> gives the mean over
/// many calls; <see cref="IndexResolveLatencyBenchmarks"/> times single calls for percentiles.
/// </summary>
[MemoryDiagnoser]
public class IndexResolveBenchmarks
{
    private IIndexStore _store = null!;
    private string[] _names = null!;
    private int _next;

    /// <summary>Store implementation.</summary>
    [Params("sqlite", "memory")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Records stored.</summary>
    [Params(100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = (Store == "sqlite" ? IndexBenchData.OpenSqliteAsync(Records) : IndexBenchData.OpenMemoryAsync(Records)).GetAwaiter().GetResult();
        var key = IndexBenchData.Key;
        var random = new Random(42);
        _names = Enumerable.Range(0, 4096).Select(_ => random.Next(Records))
            .Select(i => key.NameFor($"vest/tiles/{i % 20}/{i / 20 % 1000}/{i}.webp")).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public NameRecord? Resolve() =>
        _store.ResolveAsync(_names[_next++ & 4095]).GetAwaiter().GetResult() ?? throw new InvalidOperationException("name missing");
}
