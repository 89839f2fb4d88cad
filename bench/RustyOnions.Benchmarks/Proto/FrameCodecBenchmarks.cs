using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Benchmarks.Proto;

/// <summary>OAP/1 frame encode and decode; the decode path must allocate nothing per frame.</summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
    private byte[] _payload = [];
    private byte[] _stream = [];
    private ReadOnlySequence<byte> _sequence;

    /// <summary>Payload size per frame.</summary>
    [Params(64, 1024, 65536)]
    public int PayloadSize { get; set; }

    /// <summary>Builds 64 frames back to back.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PayloadSize];
        new Random(1).NextBytes(_payload);
        var all = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 64; i++)
        {
            OapFrameWriter.Write(all, new OapHeader(OapFlags.Resp, 0, OapAppId.Storage, 7, (ulong)i), [], _payload);
        }

        _stream = all.WrittenSpan.ToArray();
        _sequence = new ReadOnlySequence<byte>(_stream);
    }

    /// <summary>Decodes 64 frames from one buffer.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public long Decode()
    {
        var seq = _sequence;
        long total = 0;
        while (OapFrameReader.TryRead(ref seq, OapHeader.DefaultMaxFrame, out var frame))
        {
            total += frame.Payload.Length + (long)frame.Header.CorrId;
        }

        return total;
    }

    /// <summary>Encodes 64 frames into a reused buffer writer.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        for (var i = 0; i < 64; i++)
        {
            OapFrameWriter.Write(_writer, new OapHeader(OapFlags.Resp, 0, OapAppId.Storage, 7, (ulong)i), [], _payload);
        }

        return _writer.WrittenCount;
    }
}
