using RustyOnions.Erasure.Kernels;

namespace RustyOnions.Erasure.Coding;

/// <summary>
/// How to rebuild the missing shards of one loss pattern: which k present shards to read, which
/// shards to write, and the prepared (targets x k) coefficient matrix that maps one to the other.
/// </summary>
internal sealed class DecodePlan(int[] sources, int[] targets, CodingTables tables)
{
    public int[] Sources { get; } = sources;

    public int[] Targets { get; } = targets;

    public CodingTables Tables { get; } = tables;
}
