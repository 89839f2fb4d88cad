using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RustyOnions.Erasure;

// Argument shape checks and the conversions that let every public overload share one core.
public sealed partial class ReedSolomon
{
    private static void CheckCount(int actual, int expected, string what, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"expected {expected} {what}, got {actual}", paramName);
        }
    }

    // The message is only formatted on failure: these checks run on every call of the hot path.
    private void CheckStripeCount(int actual, string what, string paramName)
    {
        if (actual != TotalShards)
        {
            throw new ArgumentException($"expected {TotalShards} {what} (k={DataShards} + m={ParityShards}), got {actual}", paramName);
        }
    }

    /// <summary>Checks that every shard has <paramref name="length"/> bytes (or the first one's, when -1) and returns it.</summary>
    private static int CheckLengths(ReadOnlySpan<ReadOnlyMemory<byte>> shards, int length, string what, string paramName)
    {
        for (int i = 0; i < shards.Length; i++)
        {
            if (length < 0)
            {
                length = shards[i].Length;
            }
            else if (shards[i].Length != length)
            {
                throw new ArgumentException(
                    $"{what} {i} is {shards[i].Length} bytes, expected {length}: every shard of a stripe must have the same length",
                    paramName);
            }
        }

        return length;
    }

    // Memory<T> and ReadOnlyMemory<T> share one layout (MemoryMarshal.AsMemory relies on the same).
    private static ReadOnlySpan<ReadOnlyMemory<byte>> AsReadOnly(ReadOnlySpan<Memory<byte>> shards) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<Memory<byte>, ReadOnlyMemory<byte>>(ref MemoryMarshal.GetReference(shards)), shards.Length);

    private static ReadOnlySpan<ReadOnlyMemory<byte>> Wrap(byte[][] shards, Span<ReadOnlyMemory<byte>> buffer, string paramName)
    {
        ArgumentNullException.ThrowIfNull(shards, paramName);
        if (shards.Length > buffer.Length)
        {
            throw new ArgumentException($"expected at most {buffer.Length} shards, got {shards.Length}", paramName);
        }

        for (int i = 0; i < shards.Length; i++)
        {
            buffer[i] = shards[i] ?? throw new ArgumentNullException(paramName, $"{paramName}[{i}] is null");
        }

        return buffer[..shards.Length];
    }

    [InlineArray(MaxTotalShards)]
    private struct ShardBuffer
    {
        private ReadOnlyMemory<byte> _element0;
    }
}
