using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>A CAR read into memory: its roots and verified blocks.</summary>
/// <param name="Roots">Header roots.</param>
/// <param name="Blocks">Verified blocks by CID.</param>
public sealed record CarContents(IReadOnlyList<Cid> Roots, IReadOnlyDictionary<Cid, ReadOnlyMemory<byte>> Blocks)
{
    /// <summary>A block source over <see cref="Blocks"/> for <c>UnixFsReader</c>/<c>UnixFsWalker</c>;
    /// throws <see cref="KeyNotFoundException"/> for a CID the CAR lacks.</summary>
    public ValueTask<ReadOnlyMemory<byte>> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return Blocks.TryGetValue(cid, out var block)
            ? ValueTask.FromResult(block)
            : ValueTask.FromException<ReadOnlyMemory<byte>>(new KeyNotFoundException($"block {cid} is not in the CAR"));
    }
}
