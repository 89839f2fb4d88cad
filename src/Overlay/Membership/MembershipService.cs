using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;

namespace RustyOnions.Overlay.Membership;

/// <summary>
/// Keeps the <see cref="PeerTable"/> current: dials bootstrap addresses and saved peers, probes every
/// known peer each round (ping; alive → suspect → dead), exchanges a peer sample with one random
/// live peer per round (gossip), and persists the table when it changes.
/// </summary>
public sealed partial class MembershipService
{
    private readonly PeerTable _table;
    private readonly PeerLinkPool _links;
    private readonly IPeerDialer _dialer;
    private readonly MembershipOpts _opts;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Random _random;
    private long _savedVersion = -1;

    /// <summary>Creates the service; call <see cref="RunAsync"/> to start it.</summary>
    public MembershipService(PeerTable table, PeerLinkPool links, IPeerDialer dialer, MembershipOpts opts, TimeProvider time, ILogger log, int seed = 0)
    {
        _table = table;
        _links = links;
        _dialer = dialer;
        _opts = opts;
        _time = time;
        _log = log;
        _random = seed == 0 ? new Random() : new Random(seed);
        if (opts.PeerFile is { } file)
        {
            foreach (var saved in PeerTable.LoadSaved(file))
            {
                _table.Learn(saved);
            }
        }
    }

    /// <summary>Rounds completed (for tests).</summary>
    public long Rounds { get; private set; }

    /// <summary>Runs probe rounds until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed round must never stop membership; the next one retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(_log, e);
            }

            try
            {
                await Task.Delay(_opts.ProbeInterval, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: bootstrap, probe all, exchange with one, persist.</summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        var known = _table.Snapshot();
        var tasks = new List<Task>();
        foreach (var b in _opts.Bootstrap)
        {
            var alive = b.PeerId is { } pin
                ? known.Any(k => k.Peer == pin && k.State == PeerState.Alive)
                : known.Any(k => k.State == PeerState.Alive && k.Address.Host == b.Host && k.Address.Port == b.Port);
            if (!alive)
            {
                tasks.Add(BootstrapAsync(b, ct));
            }
        }

        foreach (var peer in known)
        {
            if (!peer.Banned)
            {
                tasks.Add(ProbeAsync(peer, ct));
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);

        var live = _table.Snapshot().Where(p => p.State == PeerState.Alive).ToList();
        if (live.Count > 0)
        {
            await ExchangeAsync(live[_random.Next(live.Count)], ct).ConfigureAwait(false);
        }

        _table.ForgetDead(_time.GetUtcNow() - _opts.ForgetDeadAfter);
        await PersistAsync(ct).ConfigureAwait(false);
        Rounds++;
    }

    private async Task BootstrapAsync(Proto.Addressing.NodeAddress address, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_opts.ProbeTimeoutFor(address));
        try
        {
            if (address.PeerId is not null)
            {
                var link = await _links.GetAsync(address, timeout.Token).ConfigureAwait(false);
                await PingAsync(link, timeout.Token).ConfigureAwait(false);
                return;
            }

            // Unpinned: learn who answers, then keep using the pooled, pinned link.
            await using var first = await _dialer.DialAsync(address, timeout.Token).ConfigureAwait(false);
            await PingAsync(first, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PeerLinkException or OperationCanceledException or OverlayMessageException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            LogBootstrapFailed(_log, address.ToString(), e.Message);
        }
    }

    private async Task ProbeAsync(PeerView peer, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_opts.ProbeTimeoutFor(peer.Address));
        try
        {
            var link = await _links.GetAsync(peer.Address, timeout.Token).ConfigureAwait(false);
            await PingAsync(link, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PeerLinkException or OperationCanceledException or OverlayMessageException)
        {
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            _table.MarkMiss(peer.Peer);
            await _links.DropAsync(peer.Peer).ConfigureAwait(false);
        }
    }

    private async Task PingAsync(IPeerLink link, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await link.CallAsync(OverlayAppIds.Ping, OverlayCodec.EncodeAdvert(_table.Self), OverlayCodec.MaxMessageBytes, ct).ConfigureAwait(false);
        var rtt = Stopwatch.GetElapsedTime(started);
        var advert = OverlayCodec.DecodeAdvert(reply);
        if (advert.Peer != link.Remote)
        {
            throw new OverlayMessageException($"peer {link.Remote} answered ping claiming to be {advert.Peer}");
        }

        _table.MarkAlive(advert, rtt, _time.GetUtcNow());
    }

    private async Task ExchangeAsync(PeerView with, CancellationToken ct)
    {
        var sample = _table.Snapshot().Where(p => p.State != PeerState.Dead && !p.Banned && p.Peer != with.Peer)
            .OrderBy(_ => _random.Next()).Take(_opts.ExchangeSample - 1)
            .Select(p => p.ToAdvert()).Prepend(_table.Self).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_opts.ProbeTimeoutFor(with.Address));
        try
        {
            var link = await _links.GetAsync(with.Address, timeout.Token).ConfigureAwait(false);
            var reply = await link.CallAsync(OverlayAppIds.PeerExchange, OverlayCodec.EncodePeers(sample), OverlayCodec.MaxMessageBytes, timeout.Token).ConfigureAwait(false);
            foreach (var advert in OverlayCodec.DecodePeers(reply))
            {
                _table.Learn(advert);
            }
        }
        catch (OverlayMessageException e)
        {
            LogBadExchange(_log, with.Peer.ToString(), e.Message);
            await _links.DropAsync(with.Peer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PeerLinkException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            await _links.DropAsync(with.Peer).ConfigureAwait(false);
        }
    }

    private async Task PersistAsync(CancellationToken ct)
    {
        if (_opts.PeerFile is not { } file || _table.Version == _savedVersion)
        {
            return;
        }

        _savedVersion = _table.Version;
        try
        {
            await _table.SaveAsync(file, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            LogPersistFailed(_log, file, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "membership round failed")]
    private static partial void LogRoundFailed(ILogger log, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "bootstrap {Address} failed: {Reason}")]
    private static partial void LogBootstrapFailed(ILogger log, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Peer} sent a bad exchange: {Reason}; link closed")]
    private static partial void LogBadExchange(ILogger log, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "persisting the peer table to {File} failed: {Reason}")]
    private static partial void LogPersistFailed(ILogger log, string file, string reason);
}
