using System.Buffers;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Sdk.Connection;

/// <summary>One received reply frame with a pooled copy of its payload.</summary>
internal readonly struct ResponseFrame
{
    private readonly byte[]? _array;

    public ResponseFrame(OapFlags flags, ushort code, in ReadOnlySequence<byte> payload)
    {
        Flags = flags;
        Code = code;
        Length = (int)payload.Length;
        if (Length > 0)
        {
            _array = ArrayPool<byte>.Shared.Rent(Length);
            payload.CopyTo(_array);
        }
    }

    public OapFlags Flags { get; }

    public ushort Code { get; }

    public int Length { get; }

    public bool IsEnd => (Flags & OapFlags.End) != 0;

    public ReadOnlyMemory<byte> Payload => _array is null ? ReadOnlyMemory<byte>.Empty : _array.AsMemory(0, Length);

    public void Return()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
