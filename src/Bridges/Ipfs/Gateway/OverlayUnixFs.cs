using RustyOnions.Bridges.Ipfs.UnixFs;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>UnixFS views of overlay objects: every byte comes from a verified overlay read (BLAKE3), and every block
/// handed out is verified again against its CID by <see cref="UnixFsContentBlocks"/>.</summary>
public static class OverlayUnixFs
{
    /// <summary>Imports a stored object (ipfs add --cid-version=1 layout) and returns its block index; null when absent.</summary>
    public static async ValueTask<UnixFsContentBlocks?> BuildBlocksAsync(IContentStore store, ContentId addr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reader = await store.OpenReadAsync(addr, 0, null, cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return null;
        }

        await using var stream = new ContentReaderStream(reader);
        return await UnixFsContentBlocks.BuildAsync(stream, (offset, length, ct) => ReadAtAsync(store, addr, offset, length, ct), null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Computes the root CID and every block CID of a stored object without keeping blocks; null when absent.</summary>
    public static async ValueTask<(UnixFsImportResult Result, List<ReadOnlyMemory<byte>> BlockCids)?> ComputeAsync(
        IContentStore store, ContentId addr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reader = await store.OpenReadAsync(addr, 0, null, cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return null;
        }

        await using var stream = new ContentReaderStream(reader);
        var cids = new List<ReadOnlyMemory<byte>>();
        var seen = new HashSet<Multiformats.Cid>();
        var result = await UnixFsImporter.ImportAsync(stream, null, (block, _) =>
        {
            if (seen.Add(block.Cid))
            {
                cids.Add(block.Cid.BytesMemory);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return (result, cids);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadAtAsync(IContentStore store, ContentId addr, long offset, int length, CancellationToken ct)
    {
        var reader = await store.OpenReadAsync(addr, offset, length, ct).ConfigureAwait(false)
                     ?? throw new IpfsVerificationException($"object {addr} disappeared from the store");
        await using (reader.ConfigureAwait(false))
        {
            var buffer = new byte[length];
            int filled = 0;
            int n;
            while (filled < length && (n = await reader.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false)) > 0)
            {
                filled += n;
            }

            return buffer.AsMemory(0, filled);
        }
    }
}
