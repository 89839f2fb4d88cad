using Microsoft.Extensions.Logging;
using RustyOnions.Erasure;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Placement;
using RustyOnions.Overlay.Replication;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// What the erasure object layer works with: the peer table and links, this node's shard store and
/// manifest store, the settings, a codec per (k, m), and the shard/manifest peer calls (this node is
/// addressed like any peer, served from its own stores).
/// </summary>
public sealed partial class ErasureContext
{
    private readonly Dictionary<(int, int), ReedSolomon> _codecs = [];

    /// <summary>Creates the context.</summary>
    public ErasureContext(PeerTable table, PeerLinkPool links, IContentStore shards, ManifestStore manifests, ErasureOpts opts, ReplicationOpts replication, IErasureMetrics metrics, ILogger log)
    {
        Table = table;
        Links = links;
        Shards = shards;
        Manifests = manifests;
        Opts = opts;
        Replication = replication;
        Metrics = metrics;
        Log = log;
    }

    /// <summary>Known peers.</summary>
    public PeerTable Table { get; }

    /// <summary>Links to peers.</summary>
    public PeerLinkPool Links { get; }

    /// <summary>This node's shard store (shards only; never migrated as whole objects).</summary>
    public IContentStore Shards { get; }

    /// <summary>This node's manifests.</summary>
    public ManifestStore Manifests { get; }

    /// <summary>Settings.</summary>
    public ErasureOpts Opts { get; }

    /// <summary>Replication settings (manifests are placed like whole objects: R holders, W quorum).</summary>
    public ReplicationOpts Replication { get; }

    /// <summary>Metrics.</summary>
    public IErasureMetrics Metrics { get; }

    internal ILogger Log { get; }

    internal PeerId Self => Table.Self.Peer;

    /// <summary>The codec for RS(k, m) (codecs are immutable and thread-safe; one per shape).</summary>
    public ReedSolomon Codec(int k, int m)
    {
        lock (_codecs)
        {
            if (!_codecs.TryGetValue((k, m), out var rs))
            {
                rs = new ReedSolomon(k, m);
                _codecs[(k, m)] = rs;
            }

            return rs;
        }
    }

    /// <summary>Placeable peers (this node included) in rendezvous order for a stripe.</summary>
    public List<PeerId> RankStripe(ManifestSegment segment) => Rendezvous.Rank(segment.StripeKey(), Table.Placeable());

    /// <summary>The R manifest holders of <paramref name="obj"/>, best first.</summary>
    public List<PeerId> ManifestHolders(ContentId obj) => Rendezvous.Top(obj, Table.Placeable(), Replication.Factor);

    /// <summary>
    /// The manifest of <paramref name="obj"/>: from this node's manifest store, else from its holders
    /// (then kept here). Null when nobody has one. A manifest is accepted only when it decodes and names
    /// <paramref name="obj"/>; its content is checked again by the shard hashes and the whole-object hash.
    /// </summary>
    public async Task<ObjectManifest?> FindManifestAsync(ContentId obj, CancellationToken ct)
    {
        if (await Manifests.GetAsync(obj, ct).ConfigureAwait(false) is { } local)
        {
            return local;
        }

        // The R holders are asked at once: a miss (the object is not erasure coded) costs one round trip.
        var holders = ManifestHolders(obj).Where(p => p != Self).ToList();
        var answers = await Task.WhenAll(holders.Select(p => FetchManifestAsync(p, obj, ct))).ConfigureAwait(false);
        if (answers.FirstOrDefault(a => a is not null) is { } m)
        {
            await Manifests.PutAsync(m, ct).ConfigureAwait(false);
            return m;
        }

        return null;
    }

    /// <summary>Stores the manifest here and on its R holders; returns the copies made (this node's included).</summary>
    public async Task<int> PlaceManifestAsync(ObjectManifest manifest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await Manifests.PutAsync(manifest, ct).ConfigureAwait(false);
        var bytes = manifest.Encode();
        var pushes = ManifestHolders(manifest.Object).Where(p => p != Self).Select(p => PushManifestAsync(p, manifest.Object, bytes, ct)).ToList();
        var ok = await Task.WhenAll(pushes).ConfigureAwait(false);
        return 1 + ok.Count(x => x);
    }

    /// <summary>Which shards of <paramref name="segment"/> each of the first <paramref name="ranked"/> peers holds.</summary>
    public async Task<List<PeerId>[]> LocateAsync(ManifestSegment segment, IReadOnlyList<PeerId> ranked, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(ranked);
        var holders = new List<PeerId>[segment.Shards.Count];
        for (var i = 0; i < holders.Length; i++)
        {
            holders[i] = [];
        }

        var asked = ranked.Take(Math.Max(2 * segment.Shards.Count, 16)).ToList();
        var answers = await Task.WhenAll(asked.Select(p => HaveShardsAsync(p, segment.Shards, ct))).ConfigureAwait(false);
        for (var p = 0; p < asked.Count; p++)
        {
            if (answers[p] is not { } have)
            {
                continue;
            }

            for (var i = 0; i < holders.Length && i < have.Count; i++)
            {
                if (have[i])
                {
                    holders[i].Add(asked[p]);
                }
            }
        }

        return holders;
    }

    private NodeAddress? AddressOf(PeerId peer) => Table.Find(peer) is { Banned: false } v ? v.Address : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "erasure call {App} to {Peer} for {Addr} failed: {Reason}")]
    private static partial void LogCallFailed(ILogger log, string app, string peer, string addr, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Peer} served shard bytes that do not hash to {Addr}; penalised")]
    private static partial void LogWrongShard(ILogger log, string peer, string addr);
}
