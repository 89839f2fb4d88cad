using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Hosting;

namespace RustyOnions.Node.Index;

/// <summary>
/// Anti-entropy: as soon as the stores are open (so a restarted member catches up at once) and then every
/// <see cref="IndexOpts.SyncInterval"/>, pulls each member's change feed from the last cursor received from
/// it (persisted per member), verifies every record and stores the valid ones.
/// </summary>
internal sealed partial class AntiEntropyService : BackgroundService
{
    private const int PageSize = 1000;
    private readonly IndexFederation _federation;
    private readonly NodeStores _stores;
    private readonly IndexOpts _opts;
    private readonly string _cursorPath;
    private readonly IndexMetrics _metrics;
    private readonly ILogger _log;

    public AntiEntropyService(IndexFederation federation, NodeStores stores, IndexOpts opts, string cursorPath, IndexMetrics metrics, ILogger<AntiEntropyService> log)
    {
        _federation = federation;
        _stores = stores;
        _opts = opts;
        _cursorPath = cursorPath;
        _metrics = metrics;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_federation.Members.Count == 0)
        {
            return;
        }

        try
        {
            await _stores.Opened.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // the node stays unready; nothing to sync into
        }

        using var cursors = new FederationCursors(_cursorPath);
        using var timer = new PeriodicTimer(_opts.SyncInterval);
        do
        {
            await Task.WhenAll(_federation.Members.Select(m => SyncMemberAsync(m, cursors, stoppingToken))).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SyncMemberAsync(FederationMember member, FederationCursors cursors, CancellationToken ct)
    {
        try
        {
            var cursor = cursors.Get(member.Key);
            while (!ct.IsCancellationRequested)
            {
                var page = await member.CallAsync((c, t) => c.ChangesAsync(cursor, PageSize, t), ct).ConfigureAwait(false);
                await _federation.IngestAsync(page.Records, "sync", ct).ConfigureAwait(false);
                if (page.NextCursor != cursor)
                {
                    cursor = page.NextCursor;
                    cursors.Set(member.Key, cursor);
                }

                if (!page.HasMore)
                {
                    break;
                }
            }

            _metrics.Synced(true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _metrics.Synced(false);
            LogSyncFailed(_log, member.Address.ToString(), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "index anti-entropy with {Member} failed (retrying next round): {Reason}")]
    private static partial void LogSyncFailed(ILogger log, string member, string reason);
}
