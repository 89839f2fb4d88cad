using Microsoft.Extensions.Logging;
using RustyOnions.Node.Config;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>
/// The node's erasure layer: shard store (<c>&lt;data&gt;/shards</c>), manifest store
/// (<c>&lt;data&gt;/manifests</c>), object writer/reader context, scrubber, repairer, and the
/// maintenance loop (scrub, then repair of the objects this node is the first manifest holder of).
/// </summary>
public sealed partial class ErasureRuntime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly NodeOpts _opts;
    private readonly OverlayRuntime _overlay;
    private readonly ErasureMetrics _metrics;
    private readonly ILogger _log;
    private ErasureContext? _context;

    internal ErasureRuntime(NodeOpts opts, OverlayRuntime overlay, Prometheus.CollectorRegistry registry, ILoggerFactory logs)
    {
        _opts = opts;
        _overlay = overlay;
        _metrics = new ErasureMetrics(registry);
        _log = logs.CreateLogger<ErasureRuntime>();
    }

    /// <summary>Settings.</summary>
    public ErasureOpts Opts => _opts.Erasure;

    /// <summary>Largest object a PUT may store.</summary>
    public long MaxObjectBytes => _opts.MaxObjectBytes;

    /// <summary>True once the stores are open.</summary>
    public bool IsOpen => _context is not null;

    /// <summary>The context (stores, peers, calls).</summary>
    public ErasureContext Context => _context ?? throw new InvalidOperationException("erasure stores are not open");

    /// <summary>Scrubs the local shards.</summary>
    public ShardScrubber Scrubber { get; private set; } = null!;

    /// <summary>Repairs objects.</summary>
    public ErasureRepairer Repairer { get; private set; } = null!;

    /// <summary>Opens the stores and starts the maintenance loop (after the node's own stores opened).</summary>
    public void Start()
    {
        var shards = ContentStore.Open(new ContentStoreOpts(Path.Combine(_opts.DataDir, "shards")) { MaxObjectBytes = 1L << 30 });
        var manifests = ManifestStore.Open(Path.Combine(_opts.DataDir, "manifests"));
        var ctx = new ErasureContext(_overlay.Table, _overlay.Links, shards, manifests, _opts.Erasure, _overlay.Replicator.Opts, _metrics, _log);
        Scrubber = new ShardScrubber(ctx);
        Repairer = new ErasureRepairer(ctx);
        _context = ctx;
        if (_opts.Erasure.ScrubInterval > TimeSpan.Zero)
        {
            _ = Task.Run(() => MaintainAsync(_stop.Token));
        }
    }

    /// <summary>Stops the maintenance loop.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task MaintainAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_opts.Erasure.ScrubInterval, ct).ConfigureAwait(false);
                var ctx = Context;
                var scrub = await Scrubber.ScrubAsync(ct).ConfigureAwait(false);
                LogScrubbed(_log, scrub.Verified, scrub.Corrupt);
                foreach (var obj in ctx.Manifests.List())
                {
                    if (ctx.ManifestHolders(obj).FirstOrDefault() == ctx.Table.Self.Peer)
                    {
                        await Repairer.RepairAsync(obj, ctx.Opts.EffectiveRepairThreshold, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed pass must not stop maintenance; the next interval retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPassFailed(_log, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scrub verified {Verified} shards, {Corrupt} corrupt")]
    private static partial void LogScrubbed(ILogger log, long verified, long corrupt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "erasure maintenance pass failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger log, Exception e);
}
