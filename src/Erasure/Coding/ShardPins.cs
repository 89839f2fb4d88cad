using System.Buffers;
using System.Runtime.CompilerServices;

namespace RustyOnions.Erasure.Coding;

/// <summary>
/// Pins up to 255 shard buffers for the duration of one kernel call and hands out raw pointers,
/// without any heap allocation (handles live in an inline array on the stack).
/// </summary>
internal unsafe ref struct ShardPins
{
    private HandleArray _handles;
    private int _count;

    public byte* Pin(ReadOnlyMemory<byte> memory)
    {
        var handle = memory.Pin();
        _handles[_count++] = handle;
        return (byte*)handle.Pointer;
    }

    public void Dispose()
    {
        for (int i = 0; i < _count; i++)
        {
            _handles[i].Dispose();
        }

        _count = 0;
    }

    [InlineArray(ReedSolomon.MaxTotalShards)]
    private struct HandleArray
    {
        private MemoryHandle _element0;
    }
}
