using Microsoft.Extensions.Logging.Abstractions;
using RustyOnions.Overlay.Membership;
using RustyOnions.Overlay.Peers;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Simulation;

/// <summary>One simulated peer: the real peer table, link pool and membership service, answering calls with the real responder.</summary>
internal sealed class SimNode
{
    private readonly Random _random;
    private readonly SimClock _clock;

    public SimNode(MemoryTransport net, SimClock clock, PeerId id, int index, IReadOnlyList<NodeAddress> bootstrap, TimeSpan probeInterval, int seed)
    {
        _clock = clock;
        _random = new Random(seed);
        Id = id;
        Address = new NodeAddress(TransportKind.Tls, "sim", 1 + (index % 65535), id);
        Table = new PeerTable(new PeerAdvert(id, Address));
        Links = new PeerLinkPool(net.DialerFor(id));
        var opts = new MembershipOpts { Bootstrap = bootstrap, ProbeInterval = probeInterval };
        Membership = new MembershipService(Table, Links, net.DialerFor(id), opts, clock, NullLogger.Instance, seed);
        net.Listen(id, Handle);
    }

    public PeerId Id { get; }

    public NodeAddress Address { get; }

    public PeerTable Table { get; }

    public PeerLinkPool Links { get; }

    public MembershipService Membership { get; }

    private byte[] Handle(PeerId from, ushort app, ReadOnlyMemory<byte> head)
    {
        try
        {
            return app switch
            {
                OverlayAppIds.Ping => MembershipResponder.Ping(Table, from, head.Span, _clock.GetUtcNow()),
                OverlayAppIds.PeerExchange => MembershipResponder.Exchange(Table, from, head.Span, _random),
                _ => throw new PeerLinkException(404, "NOT_FOUND", $"app 0x{app:x4} is not simulated"),
            };
        }
        catch (OverlayMessageException e)
        {
            throw new PeerLinkException(400, "BAD_REQUEST", e.Message);
        }
        catch (PeerImpersonationException e)
        {
            throw new PeerLinkException(403, "FORBIDDEN", e.Message);
        }
    }
}
