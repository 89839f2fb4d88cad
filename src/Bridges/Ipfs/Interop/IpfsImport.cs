using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Ipfs.Interop;

/// <summary>Fetches a UnixFS file from another IPFS implementation and reassembles it, verifying every block against
/// its CID (CAR reader) and the DAG against the requested root (walker) before the caller stores anything.</summary>
public static class IpfsImport
{
    /// <summary>Writes the verified file bytes of <paramref name="root"/> to <paramref name="destination"/>; returns the size.</summary>
    /// <param name="peer">RPC API or trustless gateway.</param>
    /// <param name="root">The file's CID.</param>
    /// <param name="destination">Receives the bytes; on any exception its content must be discarded.</param>
    /// <param name="maxBytes">Largest total of block bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <exception cref="IpfsVerificationException">A block does not match its CID.</exception>
    /// <exception cref="IpfsFormatException">The CAR is malformed or truncated, or lacks a block of the DAG.</exception>
    public static async Task<long> FetchVerifiedAsync(IpfsPeerClient peer, Cid root, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(root);
        var v1 = root.ToV1();
        CarContents car;
        var stream = await peer.OpenCarAsync(root, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            car = await CarReader.ReadAllAsync(stream, null, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        if (!car.Roots.Any(r => r.ToV1().Equals(v1)))
        {
            throw new IpfsVerificationException($"the peer's CAR has roots [{string.Join(", ", car.Roots)}], not {root}");
        }

        // The CAR is keyed by the CIDs the peer wrote; v0 and v1 of one block name the same bytes.
        var blocks = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        foreach (var (cid, data) in car.Blocks)
        {
            blocks.TryAdd(cid.ToV1(), data);
        }

        ValueTask<ReadOnlyMemory<byte>> Source(Cid cid, CancellationToken _) =>
            blocks.TryGetValue(cid.ToV1(), out var b)
                ? ValueTask.FromResult(b)
                : throw new IpfsFormatException($"the peer's CAR lacks block {cid} of {root} (truncated or incomplete DAG)");

        return await UnixFsReader.CopyToAsync(v1, Source, destination, 0, null, null, cancellationToken).ConfigureAwait(false);
    }
}
