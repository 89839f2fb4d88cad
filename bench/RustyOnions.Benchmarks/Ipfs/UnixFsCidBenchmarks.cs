using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Benchmarks.Ipfs;

/// <summary>CIDv1 computation (ipfs add --cid-version=1 layout) over 64 MiB in memory, against the SHA-256 floor:
/// the importer must cost little more than hashing every byte once.</summary>
[MemoryDiagnoser]
public class UnixFsCidBenchmarks
{
    private const int Size = 64 << 20;
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
    }

    /// <summary>SHA-256 of every 256 KiB chunk, nothing else: the bound.</summary>
    [Benchmark(Baseline = true)]
    public int Sha256Chunks()
    {
        Span<byte> digest = stackalloc byte[32];
        int x = 0;
        for (int at = 0; at < _data.Length; at += 262_144)
        {
            SHA256.HashData(_data.AsSpan(at, Math.Min(262_144, _data.Length - at)), digest);
            x ^= digest[0];
        }
        return x;
    }

    /// <summary>Root CID of 64 MiB (256 leaves, 2 inner nodes), no blocks kept.</summary>
    [Benchmark]
    public object ComputeCid() => UnixFsImporter.ComputeCid(_data);

    /// <summary>Streaming import from a stream with every block handed to a callback (what a gateway does).</summary>
    [Benchmark]
    public async Task<object> ImportStreamWithBlocks()
    {
        long bytes = 0;
        var result = await UnixFsImporter.ImportAsync(new MemoryStream(_data, writable: false), onBlock: (b, _) =>
        {
            bytes += b.Data.Length;
            return ValueTask.CompletedTask;
        });
        return result.Root;
    }
}
