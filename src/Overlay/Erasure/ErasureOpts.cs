namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Erasure-coded objects: objects of at least <see cref="Threshold"/> bytes are cut into segments of
/// <see cref="SegmentBytes"/>, each coded into <see cref="DataShards"/> + <see cref="ParityShards"/>
/// shards. Defaults fit a 6-node testnet (RS(4,2)); larger networks set them per policy.
/// </summary>
public sealed record ErasureOpts
{
    /// <summary>Objects this large or larger are erasure coded (0 = erasure coding off).</summary>
    public long Threshold { get; init; } = 4L << 20;

    /// <summary>Bytes per segment (each segment is one stripe).</summary>
    public int SegmentBytes { get; init; } = 4 << 20;

    /// <summary>Data shards per segment (k).</summary>
    public int DataShards { get; init; } = 4;

    /// <summary>Parity shards per segment (m).</summary>
    public int ParityShards { get; init; } = 2;

    /// <summary>Shard size alignment (bytes); recorded in each manifest.</summary>
    public int Alignment { get; init; } = 64;

    /// <summary>How often the scrub (and then the repair pass) runs; zero = only on demand.</summary>
    public TimeSpan ScrubInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The background repair pass regenerates a segment once fewer than this many of its shards are healthy (0 = k + m).</summary>
    public int RepairThreshold { get; init; }

    /// <summary>Segments being coded and placed (PUT) or fetched ahead (GET) at once.</summary>
    public int SegmentsInFlight { get; init; } = 3;

    /// <summary>A GET asks one more shard holder when the first k have not all answered by then.</summary>
    public TimeSpan HedgeDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>True when objects of <paramref name="size"/> bytes are erasure coded.</summary>
    public bool Applies(long size) => Threshold > 0 && size >= Threshold;

    /// <summary>Healthy shards below which the background pass repairs a segment.</summary>
    public int EffectiveRepairThreshold => RepairThreshold > 0 ? RepairThreshold : DataShards + ParityShards;

    /// <summary>Returns one message per problem.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Threshold < 0 || Threshold > 256L << 20)
        {
            // A PUT buffers up to the threshold in memory before it knows which path the object takes.
            problems.Add($"erasure_threshold {Threshold} is out of range: use 0 (off) or 1..268435456 (RON_ERASURE_THRESHOLD)");
        }

        if (SegmentBytes is < 4096 or > 64 << 20)
        {
            problems.Add($"erasure_segment {SegmentBytes} is out of range: use 4096..67108864 (RON_ERASURE_SEGMENT)");
        }

        if (DataShards < 1 || ParityShards < 1 || DataShards + ParityShards > 64)
        {
            problems.Add($"erasure k={DataShards} m={ParityShards} is out of range: k >= 1, m >= 1, k + m <= 64 (RON_ERASURE_K, RON_ERASURE_M)");
        }

        if (Alignment is < 1 or > 4096)
        {
            problems.Add($"erasure alignment {Alignment} is out of range: use 1..4096");
        }

        if (ScrubInterval < TimeSpan.Zero)
        {
            problems.Add("scrub_interval_ms must be 0 (on demand only) or positive (RON_SCRUB_INTERVAL_MS)");
        }

        if (RepairThreshold < 0 || RepairThreshold > DataShards + ParityShards)
        {
            problems.Add($"repair_threshold {RepairThreshold} must be between 0 (= k + m) and k + m = {DataShards + ParityShards} (RON_REPAIR_THRESHOLD)");
        }

        if (SegmentsInFlight is < 1 or > 16)
        {
            problems.Add($"erasure segments in flight {SegmentsInFlight} is out of range: use 1..16");
        }

        return problems;
    }
}
