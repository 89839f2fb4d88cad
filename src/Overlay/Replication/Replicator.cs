using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Placement;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Replication;

/// <summary>
/// Places objects on their rendezvous holders: fans a local PUT out to the other holders and waits
/// for the write quorum, fetches missing objects from holders (verified, falling back in rank
/// order), repairs corrupt local replicas, and migrates objects after membership changes.
/// </summary>
public sealed partial class Replicator
{
    private readonly PeerTable _table;
    private readonly PeerLinkPool _links;
    private readonly Func<IContentStore> _store;
    private readonly ReplicationOpts _opts;
    private readonly IReplicationMetrics _metrics;
    private readonly ILogger _log;
    private readonly CancellationToken _lifetime;

    /// <summary>Creates the replicator; <paramref name="lifetime"/> bounds background pushes.</summary>
    public Replicator(PeerTable table, PeerLinkPool links, Func<IContentStore> store, ReplicationOpts opts, IReplicationMetrics metrics, ILogger log, CancellationToken lifetime)
    {
        _table = table;
        _links = links;
        _store = store;
        _opts = opts;
        _metrics = metrics;
        _log = log;
        _lifetime = lifetime;
    }

    /// <summary>The settings in force.</summary>
    public ReplicationOpts Opts => _opts;

    /// <summary>The R holders of <paramref name="addr"/> among the placeable peers (this node included), best first.</summary>
    public IReadOnlyList<PeerId> HoldersOf(ContentId addr) => Rendezvous.Top(addr, _table.Placeable(), _opts.Factor);

    /// <summary>True when this node is one of <paramref name="addr"/>'s holders.</summary>
    public bool IsHolder(ContentId addr) => HoldersOf(addr).Contains(_table.Self.Peer);

    private NodeAddress? AddressOf(PeerId peer) => _table.Find(peer) is { Banned: false } v ? v.Address : null;
}
