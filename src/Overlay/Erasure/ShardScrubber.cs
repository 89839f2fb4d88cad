using System.Buffers;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Reads every local shard whole through the store's verified reader. A shard that fails is removed
/// (a corrupt shard is worthless: any k good ones regenerate it), so peers' have-sweeps see it missing
/// and repair regenerates exactly it.
/// </summary>
public sealed class ShardScrubber
{
    private readonly ErasureContext _ctx;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Creates the scrubber.</summary>
    public ShardScrubber(ErasureContext ctx) => _ctx = ctx;

    /// <summary>Verifies every local shard once (one scrub at a time).</summary>
    public async Task<ScrubReport> ScrubAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            long verified = 0, bytes = 0;
            var corrupt = new List<string>();
            var ids = new List<ContentId>();
            await foreach (var id in _ctx.Shards.ListAsync(ct).ConfigureAwait(false))
            {
                ids.Add(id);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                foreach (var id in ids)
                {
                    try
                    {
                        var reader = await _ctx.Shards.OpenReadAsync(id, 0, null, ct).ConfigureAwait(false);
                        if (reader is null)
                        {
                            continue;
                        }

                        await using (reader.ConfigureAwait(false))
                        {
                            int n;
                            while ((n = await reader.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                            {
                                bytes += n;
                            }
                        }

                        verified++;
                        _ctx.Metrics.ShardVerified();
                    }
                    catch (CorruptObjectException)
                    {
                        corrupt.Add(id.ToString());
                        _ctx.Metrics.ShardCorrupt();
                        await _ctx.Shards.DeleteAsync(id, ct).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return new ScrubReport(verified, corrupt.Count, bytes, corrupt);
        }
        finally
        {
            _one.Release();
        }
    }
}
