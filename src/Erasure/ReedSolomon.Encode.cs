using RustyOnions.Erasure.Coding;

namespace RustyOnions.Erasure;

// Encoding: parity = Cauchy rows x data, one kernel pass over the stripe.
public sealed partial class ReedSolomon
{
    /// <summary>
    /// Computes the m parity shards of k data shards into <paramref name="parity"/> (overwritten).
    /// Byte-identical to ISA-L's <c>ec_encode_data</c> with the same matrix.
    /// </summary>
    /// <param name="data">Exactly k data shards, all of one length.</param>
    /// <param name="parity">Exactly m buffers of that same length.</param>
    /// <exception cref="ArgumentException">Wrong shard count or unequal lengths.</exception>
    public void Encode(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<Memory<byte>> parity) =>
        EncodeCore(data, AsReadOnly(parity));

    /// <summary>Encodes a whole stripe in place: shards 0..k-1 are read, shards k..k+m-1 are overwritten.</summary>
    /// <param name="shards">Exactly k + m buffers of one length, data first.</param>
    /// <exception cref="ArgumentException">Wrong shard count or unequal lengths.</exception>
    public void Encode(ReadOnlySpan<Memory<byte>> shards)
    {
        CheckStripeCount(shards.Length, "shards", nameof(shards));
        var all = AsReadOnly(shards);
        EncodeCore(all[..DataShards], all[DataShards..]);
    }

    /// <inheritdoc cref="Encode(ReadOnlySpan{Memory{byte}})"/>
    public void Encode(byte[][] shards)
    {
        var buffer = default(ShardBuffer);
        var all = Wrap(shards, buffer, nameof(shards));
        CheckStripeCount(all.Length, "shards", nameof(shards));
        EncodeCore(all[..DataShards], all[DataShards..]);
    }

    private unsafe void EncodeCore(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<ReadOnlyMemory<byte>> parity)
    {
        CheckCount(data.Length, DataShards, "data shards (k)", nameof(data));
        CheckCount(parity.Length, ParityShards, "parity shards (m)", nameof(parity));
        int length = CheckLengths(data, -1, "data shard", nameof(data));
        CheckLengths(parity, length, "parity shard", nameof(parity));
        if (length == 0)
        {
            return;
        }

        var pins = default(ShardPins);
        try
        {
            byte** inputs = stackalloc byte*[DataShards];
            byte** outputs = stackalloc byte*[ParityShards];
            for (int i = 0; i < data.Length; i++)
            {
                inputs[i] = pins.Pin(data[i]);
            }

            for (int i = 0; i < parity.Length; i++)
            {
                outputs[i] = pins.Pin(parity[i]);
            }

            _kernel.Multiply(_parityTables, inputs, outputs, length);
        }
        finally
        {
            pins.Dispose();
        }
    }
}
