using RustyOnions.Erasure.Coding;
using RustyOnions.Erasure.Galois;

namespace RustyOnions.Erasure;

// Decoding: invert the rows of k present shards once per loss pattern, then one kernel pass.
public sealed partial class ReedSolomon
{
    /// <summary>
    /// Rebuilds every missing shard (data and parity) of a stripe from any k present ones, writing
    /// into the missing shards' buffers. Present shards are only read.
    /// </summary>
    /// <param name="shards">Exactly k + m buffers of one length, data first; missing ones are outputs.</param>
    /// <param name="present">Exactly k + m flags: true where the shard holds good bytes.</param>
    /// <exception cref="ErasureException">Fewer than k shards are present.</exception>
    /// <exception cref="ArgumentException">Wrong counts or unequal lengths.</exception>
    public void Reconstruct(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present) =>
        ReconstructCore(AsReadOnly(shards), present, dataOnly: false);

    /// <inheritdoc cref="Reconstruct(ReadOnlySpan{Memory{byte}}, ReadOnlySpan{bool})"/>
    public void Reconstruct(byte[][] shards, bool[] present)
    {
        var buffer = default(ShardBuffer);
        ReconstructCore(Wrap(shards, buffer, nameof(shards)), present, dataOnly: false);
    }

    /// <summary>
    /// Like <see cref="Reconstruct(ReadOnlySpan{Memory{byte}}, ReadOnlySpan{bool})"/> but rebuilds
    /// only the missing data shards (what a reader needs); missing parity buffers are left untouched.
    /// </summary>
    /// <exception cref="ErasureException">Fewer than k shards are present.</exception>
    /// <exception cref="ArgumentException">Wrong counts or unequal lengths.</exception>
    public void ReconstructData(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present) =>
        ReconstructCore(AsReadOnly(shards), present, dataOnly: true);

    /// <inheritdoc cref="ReconstructData(ReadOnlySpan{Memory{byte}}, ReadOnlySpan{bool})"/>
    public void ReconstructData(byte[][] shards, bool[] present)
    {
        var buffer = default(ShardBuffer);
        ReconstructCore(Wrap(shards, buffer, nameof(shards)), present, dataOnly: true);
    }

    private unsafe void ReconstructCore(ReadOnlySpan<ReadOnlyMemory<byte>> shards, ReadOnlySpan<bool> present, bool dataOnly)
    {
        CheckStripeCount(shards.Length, "shards", nameof(shards));
        CheckStripeCount(present.Length, "presence flags", nameof(present));
        int count = 0;
        foreach (bool p in present)
        {
            count += p ? 1 : 0;
        }

        if (count < DataShards)
        {
            throw new ErasureException($"need at least k={DataShards} shards, got {count}");
        }

        int length = CheckLengths(shards, -1, "shard", nameof(shards));
        var plan = GetPlan(present, dataOnly);
        if (plan.Targets.Length == 0 || length == 0)
        {
            return;
        }

        var pins = default(ShardPins);
        try
        {
            byte** inputs = stackalloc byte*[DataShards];
            byte** outputs = stackalloc byte*[plan.Targets.Length];
            for (int i = 0; i < plan.Sources.Length; i++)
            {
                inputs[i] = pins.Pin(shards[plan.Sources[i]]);
            }

            for (int i = 0; i < plan.Targets.Length; i++)
            {
                outputs[i] = pins.Pin(shards[plan.Targets[i]]);
            }

            _kernel.Multiply(plan.Tables, inputs, outputs, length);
        }
        finally
        {
            pins.Dispose();
        }
    }

    private DecodePlan GetPlan(ReadOnlySpan<bool> present, bool dataOnly)
    {
        var key = LossPattern.From(present, dataOnly);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        plan = BuildPlan(present, dataOnly);
        if (_plans.Count >= MaxCachedPlans)
        {
            _plans.Clear();
        }

        return _plans.GetOrAdd(key, plan);
    }

    private DecodePlan BuildPlan(ReadOnlySpan<bool> present, bool dataOnly)
    {
        int k = DataShards;
        var sources = new int[k];
        int targetCount = 0;
        for (int i = 0, s = 0; i < TotalShards; i++)
        {
            if (present[i] && s < k)
            {
                sources[s++] = i;
            }
            else if (!present[i] && (!dataOnly || i < k))
            {
                targetCount++;
            }
        }

        var targets = new int[targetCount];
        for (int i = 0, t = 0; i < TotalShards; i++)
        {
            if (!present[i] && (!dataOnly || i < k))
            {
                targets[t++] = i;
            }
        }

        // Sources = B x data, with B the encoding rows of the sources; so data = B^-1 x sources and
        // any shard i = row_i x B^-1 x sources.
        var b = new byte[k * k];
        for (int s = 0; s < k; s++)
        {
            _matrix.AsSpan(sources[s] * k, k).CopyTo(b.AsSpan(s * k));
        }

        var inverse = new byte[k * k];
        if (!GaloisMatrix.TryInvert(b, inverse, k))
        {
            // Cannot happen for a Cauchy-based matrix; a failure here is a bug, not bad input.
            throw new InvalidOperationException($"decode matrix for sources [{string.Join(',', sources)}] is singular");
        }

        var coefficients = new byte[targetCount * k];
        for (int t = 0; t < targetCount; t++)
        {
            GaloisMatrix.Multiply(_matrix.AsSpan(targets[t] * k, k), inverse, coefficients.AsSpan(t * k, k), 1, k, k);
        }

        return new DecodePlan(sources, targets, _kernel.Prepare(coefficients, targetCount, k));
    }
}
