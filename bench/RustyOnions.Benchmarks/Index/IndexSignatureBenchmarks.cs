using BenchmarkDotNet.Attributes;
using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;

namespace RustyOnions.Benchmarks.Index;

/// <summary>Signature work per record: verification (namespace derivation + Ed25519), signing, and the encodings.</summary>
[MemoryDiagnoser]
public class IndexSignatureBenchmarks
{
    private NameRecord _record = null!;
    private byte[] _encoded = null!;
    private byte[] _json = null!;
    private ContentId _addr;

    [GlobalSetup]
    public void Setup()
    {
        _record = IndexBenchData.Record(12345);
        _encoded = _record.Encoded.ToArray();
        _json = _record.ToJsonUtf8();
        _addr = _record.Address;
    }

    [Benchmark]
    public bool Verify() => _record.TryVerify(out _);

    [Benchmark]
    public NameRecord Sign() =>
        NameRecord.Sign(IndexBenchData.Key, "docs/report.pdf", _addr, 1234, "application/pdf", 7, DateTimeOffset.UnixEpoch);

    [Benchmark]
    public NameRecord DecodeBinary() => NameRecord.FromBytes(_encoded);

    [Benchmark]
    public NameRecord DecodeJson() => NameRecord.FromJson(_json);
}
