using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>What one repair of an object found and did.</summary>
/// <param name="Object">The object.</param>
/// <param name="Segments">Segments checked.</param>
/// <param name="SegmentsRepaired">Segments that had shards regenerated.</param>
/// <param name="ShardsMissing">Shards no reachable peer held (before repair).</param>
/// <param name="ShardsRepaired">Shards regenerated and stored.</param>
/// <param name="BytesRead">Shard bytes fetched to regenerate them.</param>
/// <param name="BytesWritten">Shard bytes stored by the repair.</param>
/// <param name="SegmentsLost">Segments with fewer than k shards left (not repairable now).</param>
public sealed record RepairReport(ContentId Object, int Segments, int SegmentsRepaired, int ShardsMissing, int ShardsRepaired, long BytesRead, long BytesWritten, int SegmentsLost);
