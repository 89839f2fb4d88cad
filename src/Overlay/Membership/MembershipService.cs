using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Membership;

/// <summary>
/// Keeps the <see cref="PeerTable"/> current: dials bootstrap addresses and saved peers, each round pings
/// every suspect peer plus <see cref="MembershipOpts.ProbesPerRound"/> others round-robin (alive → suspect
/// → dead), exchanges a peer sample with <see cref="MembershipOpts.ExchangesPerRound"/> random live peers
/// (gossip, news first), and persists the table when it changes.
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
    private readonly List<PeerId> _rotation = [];
    private int _cursor;
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

    /// <summary>One round: bootstrap, probe suspects and a bounded round-robin share, exchange with a few, persist.</summary>
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

        foreach (var peer in PickProbes(known))
        {
            tasks.Add(ProbeAsync(peer, ct));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);

        var live = _table.Snapshot().Where(p => p.State == PeerState.Alive).ToList();
        var exchanges = new List<Task>();
        for (var i = 0; i < _opts.ExchangesPerRound && live.Count > 0; i++)
        {
            // Distinct partners: swap-remove the chosen one.
            var k = _random.Next(live.Count);
            exchanges.Add(ExchangeAsync(live[k], ct));
            live[k] = live[^1];
            live.RemoveAt(live.Count - 1);
        }

        await Task.WhenAll(exchanges).ConfigureAwait(false);

        _table.ForgetDead(_time.GetUtcNow() - _opts.ForgetDeadAfter);
        await PersistAsync(ct).ConfigureAwait(false);
        Rounds++;
    }

    /// <summary>
    /// Every suspect peer (a newly learned one, or one that missed a probe: it must be confirmed or declared
    /// dead quickly) plus the next <see cref="MembershipOpts.ProbesPerRound"/> of a shuffled round-robin over
    /// the others, reshuffled each time it wraps so a slow peer is not always probed at the same phase.
    /// </summary>
    private List<PeerView> PickProbes(IReadOnlyList<PeerView> known)
    {
        var byId = new Dictionary<PeerId, PeerView>(known.Count);
        var picked = new List<PeerView>();
        foreach (var p in known)
        {
            if (p.Banned)
            {
                continue;
            }

            byId[p.Peer] = p;
            if (p.State == PeerState.Suspect)
            {
                picked.Add(p);
            }
        }

        var budget = Math.Min(_opts.ProbesPerRound, byId.Count - picked.Count);
        var scanned = 0;
        while (budget > 0 && scanned < _rotation.Count + byId.Count)
        {
            if (_cursor >= _rotation.Count)
            {
                _rotation.Clear();
                _rotation.AddRange(byId.Keys);
                for (var i = _rotation.Count - 1; i > 0; i--)
                {
                    var j = _random.Next(i + 1);
                    (_rotation[i], _rotation[j]) = (_rotation[j], _rotation[i]);
                }

                _cursor = 0;
            }

            var id = _rotation[_cursor++];
            scanned++;
            if (byId.TryGetValue(id, out var p) && p.State != PeerState.Suspect)
            {
                picked.Add(p);
                budget--;
            }
        }

        return picked;
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
        var sample = PeerSample.Pick(_table, with.Peer, _opts.ExchangeSample, _random);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_opts.ProbeTimeoutFor(with.Address));
        try
        {
            var link = await _links.GetAsync(with.Address, timeout.Token).ConfigureAwait(false);
            var head = OverlayCodec.EncodePeers(sample, PeerSample.Suspects(_table, with.Peer));
            var reply = await link.CallAsync(OverlayAppIds.PeerExchange, head, OverlayCodec.MaxMessageBytes, timeout.Token).ConfigureAwait(false);
            var suspects = OverlayCodec.DecodeSuspects(reply);
            foreach (var advert in OverlayCodec.DecodePeers(reply))
            {
                _table.Learn(advert);
            }

            PeerSample.ApplySuspects(_table, suspects);
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
