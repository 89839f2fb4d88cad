using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Index.Store.Memory;
using RustyOnions.Index.Store.Sqlite;

namespace RustyOnions.Benchmarks.Index;

/// <summary>
/// Publish throughput into an empty store: each iteration publishes the same 2,000 pre-signed
/// records into a fresh store, one call each (<see cref="PublishOneByOne"/>) or as one batch
/// (<see cref="PublishMany"/>). Verification is included; signing is not.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class IndexPublishBenchmarks
{
    private const int Count = 2000;
    private NameRecord[] _records = null!;
    private IIndexStore _store = null!;
    private string _dir = null!;
    private int _iteration;

    /// <summary>Store implementation.</summary>
    [Params("sqlite", "memory")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        _records = IndexBenchData.Records(Count);
        _dir = Path.Combine(Path.GetTempPath(), "ron-index-bench-publish-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
    }

    [IterationSetup]
    public void NewStore() =>
        _store = Store == "sqlite"
            ? SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = Path.Combine(_dir, $"{_iteration++}.db") }).GetAwaiter().GetResult()
            : new MemoryIndexStore();

    [IterationCleanup]
    public void DropStore() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Count)]
    public async Task PublishOneByOne()
    {
        foreach (var record in _records)
        {
            await _store.PublishAsync(record);
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public async Task PublishMany() => await _store.PublishManyAsync(_records);
}
