using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>The vectors' content generator as a read-only stream, so files of any size cost no memory:
/// SHA-256(UTF-8(seed) || uint64_le(i)) for i = 0, 1, ... truncated to the length.</summary>
internal sealed class SeededContentStream : Stream
{
    private readonly byte[] _input;
    private readonly byte[] _block = new byte[32];
    private long _position;
    private long _blockIndex = -1;

    public SeededContentStream(string seed, long length)
    {
        var s = Encoding.UTF8.GetBytes(seed);
        _input = new byte[s.Length + 8];
        s.CopyTo(_input, 0);
        Length = length;
    }

    public static byte[] Bytes(string seed, int length)
    {
        var b = new byte[length];
        using var s = new SeededContentStream(seed, length);
        s.ReadExactly(b);
        return b;
    }

    public override long Length { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, Length - _position);
        for (int i = 0; i < n;)
        {
            long index = _position / 32;
            if (index != _blockIndex)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_input.AsSpan(_input.Length - 8), (ulong)index);
                SHA256.HashData(_input, _block);
                _blockIndex = index;
            }
            int inBlock = (int)(_position % 32);
            int take = Math.Min(32 - inBlock, n - i);
            _block.AsSpan(inBlock, take).CopyTo(buffer[i..]);
            i += take;
            _position += take;
        }
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
