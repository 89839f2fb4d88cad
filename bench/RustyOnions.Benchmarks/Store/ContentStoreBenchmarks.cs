using BenchmarkDotNet.Attributes;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Benchmarks.Store;

/// <summary>PUT (hash + temp file + fsync + rename) and verified GET of one object on local disk.</summary>
[MemoryDiagnoser]
public class ContentStoreBenchmarks
{
    private const int ChunkSize = 1 << 20;
    private string _root = string.Empty;
    private ContentStore _store = null!;
    private byte[] _data = [];
    private ContentId _stored;
    private byte[] _readBuffer = new byte[ChunkSize];

    [Params(1024, 16 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "ron-bench-store-" + Guid.NewGuid().ToString("N"));
        _store = ContentStore.Open(new ContentStoreOpts(_root));
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
        _stored = PutAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public async Task<ContentId> Put()
    {
        _data[0]++; // a new object each time, so the PUT is never the no-op path
        return await PutAsync();
    }

    [Benchmark]
    public async Task<long> VerifiedGet()
    {
        await using var reader = (await _store.OpenReadAsync(_stored, 0, null, CancellationToken.None))!;
        long total = 0;
        int n;
        while ((n = await reader.ReadAsync(_readBuffer, CancellationToken.None)) > 0)
        {
            total += n;
        }

        return total;
    }

    private async ValueTask<ContentId> PutAsync()
    {
        await using var writer = await _store.BeginWriteAsync(null, _data.Length, CancellationToken.None);
        for (var pos = 0; pos < _data.Length; pos += ChunkSize)
        {
            await writer.WriteAsync(_data.AsMemory(pos, Math.Min(ChunkSize, _data.Length - pos)), CancellationToken.None);
        }

        return (await writer.CommitAsync(CancellationToken.None)).Addr;
    }
}
