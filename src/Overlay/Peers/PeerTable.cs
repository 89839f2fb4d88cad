using System.Text.Json;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Peers;

/// <summary>
/// The peers this node knows, with liveness (alive → suspect → dead) and penalties. Thread-safe;
/// <see cref="Version"/> changes whenever the placeable set changes, which drives migration.
/// </summary>
public sealed class PeerTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<PeerId, PeerRecord> _peers = [];
    private readonly PeerTableOpts _opts;
    private long _version;
    private long _skipped;
    private long _changeSeq;
    private PeerAdvert _self;

    /// <summary>Creates an empty table for the node advertised as <paramref name="self"/>.</summary>
    public PeerTable(PeerAdvert self, PeerTableOpts? opts = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        _self = self;
        _opts = opts ?? new PeerTableOpts();
    }

    /// <summary>This node, as advertised in ping and peer exchange.</summary>
    public PeerAdvert Self => Volatile.Read(ref _self);

    /// <summary>Peers skipped because privacy mode cannot reach them (clearnet-only adverts).</summary>
    public long SkippedClearnet => Interlocked.Read(ref _skipped);

    /// <summary>
    /// Replaces this node's advert (same PeerId), e.g. once its onion address is known; later pings and
    /// exchanges carry the new one.
    /// </summary>
    public void UpdateSelf(PeerAdvert self)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (self.Peer != Self.Peer)
        {
            throw new ArgumentException($"UpdateSelf must keep PeerId {Self.Peer}, got {self.Peer}", nameof(self));
        }

        Volatile.Write(ref _self, self);
    }

    /// <summary>Changes whenever a peer is added, removed, or enters or leaves the placeable set.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Adds a peer it does not know yet (or updates its address); returns true when it was new.</summary>
    public bool Learn(PeerAdvert advert)
    {
        ArgumentNullException.ThrowIfNull(advert);
        if (advert.Peer == Self.Peer || Reachable(advert) is not { } usable)
        {
            return false;
        }

        lock (_lock)
        {
            if (_peers.TryGetValue(advert.Peer, out var known))
            {
                if (!known.Banned && known.State == PeerState.Dead)
                {
                    // Someone vouches for it again: give it a fresh chance at the next probe, but don't place on it yet.
                    known.Address = usable.WithPeer(advert.Peer);
                    known.Onion = advert.Onion;
                }

                return false;
            }

            _peers[advert.Peer] = new PeerRecord(advert.Peer, usable) { Onion = advert.Onion, Changed = ++_changeSeq };
            Interlocked.Increment(ref _version);
            return true;
        }
    }

    /// <summary>Records an answered probe (or an authenticated inbound call).</summary>
    public void MarkAlive(PeerAdvert advert, TimeSpan? rtt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(advert);
        if (Reachable(advert) is not { } usable)
        {
            return;
        }

        Learn(advert);

        lock (_lock)
        {
            if (!_peers.TryGetValue(advert.Peer, out var p) || p.Banned)
            {
                return;
            }

            if (p.State != PeerState.Alive)
            {
                Interlocked.Increment(ref _version);
                p.Changed = ++_changeSeq;
            }

            p.Address = usable.WithPeer(advert.Peer);
            p.Onion = advert.Onion;
            p.State = PeerState.Alive;
            p.Misses = 0;
            p.LastSeen = now;
            p.Rtt = rtt ?? p.Rtt;
        }
    }

    /// <summary>Records a missed probe: suspect after <see cref="PeerTableOpts.SuspectAfterMisses"/>, dead after <see cref="PeerTableOpts.DeadAfterMisses"/>.</summary>
    public void MarkMiss(PeerId peer)
    {
        lock (_lock)
        {
            if (!_peers.TryGetValue(peer, out var p))
            {
                return;
            }

            p.Misses++;
            var next = p.Misses >= _opts.DeadAfterMisses ? PeerState.Dead : p.Misses >= _opts.SuspectAfterMisses ? PeerState.Suspect : p.State;
            if (next != p.State)
            {
                p.State = next;
                p.Changed = ++_changeSeq;
                Interlocked.Increment(ref _version);
            }
        }
    }

    /// <summary>
    /// Acts on a suspicion hint from gossip: an alive peer becomes suspect (still placed on, probed every
    /// round) without a miss being counted, so a rumour can only trigger a probe, never evict a peer.
    /// Returns true when the peer was alive.
    /// </summary>
    public bool Suspect(PeerId peer)
    {
        lock (_lock)
        {
            if (!_peers.TryGetValue(peer, out var p) || p.Banned || p.State != PeerState.Alive)
            {
                return false;
            }

            p.State = PeerState.Suspect;
            return true;
        }
    }

    /// <summary>Counts a verification failure against a peer; at <see cref="PeerTableOpts.BanAfterPenalties"/> it is banned.</summary>
    public bool Penalise(PeerId peer)
    {
        lock (_lock)
        {
            if (!_peers.TryGetValue(peer, out var p))
            {
                return false;
            }

            p.Penalties++;
            if (p.Penalties >= _opts.BanAfterPenalties && !p.Banned)
            {
                p.Banned = true;
                Interlocked.Increment(ref _version);
            }

            return p.Banned;
        }
    }

    /// <summary>
    /// Counts a malformed or oversized message from a peer (its link was closed); at
    /// <see cref="PeerTableOpts.BanAfterViolations"/> it is banned. Returns true when it is banned.
    /// </summary>
    public bool RecordViolation(PeerId peer)
    {
        lock (_lock)
        {
            if (!_peers.TryGetValue(peer, out var p))
            {
                return false;
            }

            p.Violations++;
            if (p.Violations >= _opts.BanAfterViolations && !p.Banned)
            {
                p.Banned = true;
                Interlocked.Increment(ref _version);
            }

            return p.Banned;
        }
    }

    /// <summary>Forgets dead peers last seen before <paramref name="cutoff"/>.</summary>
    public int ForgetDead(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            var gone = _peers.Values.Where(p => p.State == PeerState.Dead && !p.Banned && (p.LastSeen ?? DateTimeOffset.MinValue) < cutoff).Select(p => p.Peer).ToList();
            foreach (var g in gone)
            {
                _peers.Remove(g);
            }

            if (gone.Count > 0)
            {
                Interlocked.Increment(ref _version);
            }

            return gone.Count;
        }
    }

    /// <summary>The peer's record, or null.</summary>
    public PeerView? Find(PeerId peer)
    {
        lock (_lock)
        {
            return _peers.TryGetValue(peer, out var p) ? View(p) : null;
        }
    }

    /// <summary>Every known peer (not this node).</summary>
    public IReadOnlyList<PeerView> Snapshot()
    {
        lock (_lock)
        {
            return _peers.Values.Select(View).OrderBy(v => v.Peer).ToList();
        }
    }

    /// <summary>The peers placement may choose: alive or suspect, not banned, plus this node.</summary>
    public IReadOnlyList<PeerId> Placeable()
    {
        lock (_lock)
        {
            var list = new List<PeerId>(_peers.Count + 1) { Self.Peer };
            foreach (var p in _peers.Values)
            {
                if (!p.Banned && p.State != PeerState.Dead)
                {
                    list.Add(p.Peer);
                }
            }

            return list;
        }
    }

    /// <summary>Writes the known peers (not their liveness) to <paramref name="path"/> atomically.</summary>
    public async Task SaveAsync(string path, CancellationToken ct)
    {
        var peers = Snapshot().Where(p => !p.Banned).Select(p => p.ToAdvert()).ToList();
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, EncodeAll(peers), ct).ConfigureAwait(false);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads adverts saved by <see cref="SaveAsync"/>; a missing or unreadable file yields none.</summary>
    public static IReadOnlyList<PeerAdvert> LoadSaved(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var list = new List<PeerAdvert>();
            foreach (var e in doc.RootElement.GetProperty("peers").EnumerateArray())
            {
                list.AddRange(OverlayCodec.DecodePeers(System.Text.Encoding.UTF8.GetBytes("{\"peers\":[" + e.GetRawText() + "]}")));
            }

            return list;
        }
        catch (Exception e) when (e is IOException or JsonException or OverlayMessageException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static byte[] EncodeAll(IReadOnlyList<PeerAdvert> peers)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("peers");
            foreach (var p in peers)
            {
                w.WriteStartObject();
                w.WriteString("peer", p.Peer.ToString());
                w.WriteString("addr", p.Address.ToString());
                if (p.Onion is { } onion)
                {
                    w.WriteString("onion", onion.ToString());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static PeerView View(PeerRecord p) => new(p.Peer, p.Address, p.State, p.Rtt, p.LastSeen, p.Misses, p.Penalties, p.Banned) { Onion = p.Onion, Violations = p.Violations, Changed = p.Changed };

    /// <summary>The address this node will dial for <paramref name="advert"/>, or null when privacy mode cannot reach it.</summary>
    private NodeAddress? Reachable(PeerAdvert advert)
    {
        if (!_opts.TorOnly)
        {
            return advert.Address;
        }

        if (advert.TorAddress is { } tor)
        {
            return tor;
        }

        Interlocked.Increment(ref _skipped);
        return null;
    }
}
