using System.Buffers;
using RustyOnions.Erasure.Coding;

namespace RustyOnions.Erasure;

// Verification: recompute parity in small chunks into pooled scratch and compare.
public sealed partial class ReedSolomon
{
    // Per parity row; small enough that m chunks of scratch stay in L1/L2 while compared.
    private const int VerifyChunk = 16 * 1024;

    /// <summary>
    /// Recomputes the parity of <paramref name="data"/> and reports whether it equals
    /// <paramref name="parity"/> byte for byte. Allocates nothing (scratch comes from ArrayPool).
    /// </summary>
    /// <returns>True when every parity shard matches.</returns>
    /// <exception cref="ArgumentException">Wrong shard count or unequal lengths.</exception>
    public bool Verify(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<ReadOnlyMemory<byte>> parity) =>
        VerifyCore(data, parity);

    /// <summary>Verifies a whole stripe: k data shards followed by m parity shards.</summary>
    /// <returns>True when every parity shard matches the data.</returns>
    /// <exception cref="ArgumentException">Wrong shard count or unequal lengths.</exception>
    public bool Verify(ReadOnlySpan<ReadOnlyMemory<byte>> shards)
    {
        CheckStripeCount(shards.Length, "shards", nameof(shards));
        return VerifyCore(shards[..DataShards], shards[DataShards..]);
    }

    /// <inheritdoc cref="Verify(ReadOnlySpan{ReadOnlyMemory{byte}})"/>
    public bool Verify(ReadOnlySpan<Memory<byte>> shards) => Verify(AsReadOnly(shards));

    /// <inheritdoc cref="Verify(ReadOnlySpan{ReadOnlyMemory{byte}})"/>
    public bool Verify(byte[][] shards)
    {
        var buffer = default(ShardBuffer);
        return Verify(Wrap(shards, buffer, nameof(shards)));
    }

    private unsafe bool VerifyCore(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<ReadOnlyMemory<byte>> parity)
    {
        CheckCount(data.Length, DataShards, "data shards (k)", nameof(data));
        CheckCount(parity.Length, ParityShards, "parity shards (m)", nameof(parity));
        int length = CheckLengths(data, -1, "data shard", nameof(data));
        CheckLengths(parity, length, "parity shard", nameof(parity));
        if (length == 0)
        {
            return true;
        }

        int chunk = Math.Min(length, VerifyChunk);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(chunk * ParityShards);
        var pins = default(ShardPins);
        try
        {
            byte** bases = stackalloc byte*[DataShards];
            byte** inputs = stackalloc byte*[DataShards];
            byte** outputs = stackalloc byte*[ParityShards];
            for (int i = 0; i < DataShards; i++)
            {
                bases[i] = pins.Pin(data[i]);
            }

            fixed (byte* s = scratch)
            {
                for (int p = 0; p < ParityShards; p++)
                {
                    outputs[p] = s + ((nint)p * chunk);
                }

                for (int off = 0; off < length; off += chunk)
                {
                    int n = Math.Min(chunk, length - off);
                    for (int i = 0; i < DataShards; i++)
                    {
                        inputs[i] = bases[i] + off;
                    }

                    _kernel.Multiply(_parityTables, inputs, outputs, n);
                    for (int p = 0; p < ParityShards; p++)
                    {
                        if (!scratch.AsSpan(p * chunk, n).SequenceEqual(parity[p].Span.Slice(off, n)))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }
        finally
        {
            pins.Dispose();
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
