using System.Buffers;

namespace RustyOnions.Node.Oap;

/// <summary>A pooled copy of one frame's payload, owned by whoever holds it until <see cref="Return"/>.</summary>
public readonly struct BodyChunk
{
    private readonly byte[]? _array;

    private BodyChunk(byte[]? array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>Number of valid bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _array is null ? ReadOnlyMemory<byte>.Empty : _array.AsMemory(0, Length);

    /// <summary>Copies a payload into a pooled buffer.</summary>
    public static BodyChunk CopyOf(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return default;
        }

        var length = (int)payload.Length;
        var array = ArrayPool<byte>.Shared.Rent(length);
        payload.CopyTo(array);
        return new BodyChunk(array, length);
    }

    /// <summary>Takes ownership of a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal static BodyChunk FromPooled(byte[] array, int length) => new(array, length);

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Return()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
