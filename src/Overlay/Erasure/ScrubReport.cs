namespace RustyOnions.Overlay.Erasure;

/// <summary>What one scrub of the local shard store found.</summary>
/// <param name="Verified">Shards read whole and verified.</param>
/// <param name="Corrupt">Shards that failed verification (removed, so repair regenerates them).</param>
/// <param name="Bytes">Bytes verified.</param>
/// <param name="CorruptIds">The corrupt shard ids.</param>
public sealed record ScrubReport(long Verified, long Corrupt, long Bytes, IReadOnlyList<string> CorruptIds);
