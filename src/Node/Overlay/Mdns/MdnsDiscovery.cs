using System.Net;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;
using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Overlay.Mdns;

/// <summary>
/// Advertises this node as a <c>_rustyonions._tcp</c> instance on the LAN and browses for others
/// (specs/overlay.md §mDNS). Discovered peers only enter the peer table: membership then dials them
/// pinned to the TXT PeerId, so the mutual-TLS identity check decides whether they are kept.
/// </summary>
public sealed partial class MdnsDiscovery : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    private readonly PeerTable _table;
    private readonly ILogger _log;
    private readonly TimeSpan _queryInterval;
    private readonly CancellationTokenSource _stop = new();
    private MdnsSocket? _mdns;
    private Task _loop = Task.CompletedTask;
    private Task _receive = Task.CompletedTask;
    private long _malformed;

    /// <summary>Creates the discovery for <paramref name="table"/>; nothing is sent before <see cref="Start"/>.</summary>
    public MdnsDiscovery(PeerTable table, ILogger log, TimeSpan? queryInterval = null)
    {
        _table = table;
        _log = log;
        _queryInterval = queryInterval ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>TXT records seen for the service that could not be parsed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    private DomainName InstanceName => new($"ron-{_table.Self.Peer.ToString()[..Math.Min(16, _table.Self.Peer.ToString().Length)]}.{MdnsTxt.ServiceName}");

    /// <summary>Joins the mDNS group on every up interface, announces this node, then queries periodically.</summary>
    public void Start()
    {
        try
        {
            _mdns = new MdnsSocket();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Discovery is an extra: the node keeps running on its bootstrap list.
            LogStartFailed(_log, e.ToString());
            return;
        }

        LogStarted(_log, MdnsTxt.ServiceName);
        var socket = _mdns;
        _receive = Task.Run(() => socket.ReceiveAsync(OnMessage, why => LogMalformed(_log, "?", why), _stop.Token));
        _loop = Task.Run(() => QueryLoopAsync(_stop.Token));
    }

    private async Task QueryLoopAsync(CancellationToken ct)
    {
        // Fast at first (a fresh LAN converges in seconds), then every query interval.
        for (var round = 0; !ct.IsCancellationRequested; round++)
        {
            try
            {
                if (Answer() is { } announce)
                {
                    _mdns?.Send(announce);
                }

                var query = new Message();
                query.Questions.Add(new Question { Name = MdnsTxt.ServiceName, Class = DnsClass.IN, Type = DnsType.PTR });
                _mdns?.Send(query);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException)
            {
                LogSendFailed(_log, e.Message);
            }

            try
            {
                await Task.Delay(round < 5 ? TimeSpan.FromSeconds(1) : _queryInterval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>This node's PTR + TXT answer, or null when it has no tls:// address to offer (browse only).</summary>
    private Message? Answer()
    {
        var self = _table.Self;
        if (self.Address.Transport != TransportKind.Tls)
        {
            return null;
        }

        var instance = InstanceName;
        var msg = new Message { QR = true, AA = true };
        msg.Answers.Add(new PTRRecord { Name = MdnsTxt.ServiceName, DomainName = instance, TTL = Ttl });
        msg.Answers.Add(new TXTRecord { Name = instance, Strings = [.. MdnsTxt.Encode(self)], TTL = Ttl });
        return msg;
    }

    private void OnMessage(Message message, IPEndPoint from)
    {
        if (message.QR)
        {
            OnAnswer(message, from);
        }
        else
        {
            OnQuery(message);
        }
    }

    private void OnQuery(Message query)
    {
        var asked = query.Questions.Any(q => q.Name == new DomainName(MdnsTxt.ServiceName) && (q.Type is DnsType.PTR or DnsType.ANY));
        if (!asked || Answer() is not { } answer)
        {
            return;
        }

        try
        {
            _mdns?.Send(answer);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException)
        {
            LogSendFailed(_log, ex.Message);
        }
    }

    private void OnAnswer(Message message, IPEndPoint from)
    {
        var suffix = new DomainName(MdnsTxt.ServiceName);
        foreach (var txt in message.Answers.Concat(message.AdditionalRecords).OfType<TXTRecord>())
        {
            if (!txt.Name.IsSubdomainOf(suffix))
            {
                continue;
            }

            if (!MdnsTxt.TryParse(txt.Strings, out var advert, out var error))
            {
                Interlocked.Increment(ref _malformed);
                LogMalformed(_log, from.ToString(), error);
                continue;
            }

            // A node listening on a wildcard address is reached at the address its announcement came from.
            if (IPAddress.TryParse(advert.Address.Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                advert = advert with { Address = advert.Address with { Host = from.Address.ToString() } };
            }

            if (advert.Peer != _table.Self.Peer && _table.Learn(advert))
            {
                LogDiscovered(_log, advert.Peer.ToString(), advert.Address.ToString());
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll([_loop, _receive], TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _mdns?.Dispose();

        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "mDNS discovered peer {Peer} at {Address}")]
    private static partial void LogDiscovered(ILogger log, string peer, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "mDNS: ignored malformed _rustyonions._tcp TXT from {From}: {Reason}")]
    private static partial void LogMalformed(ILogger log, string from, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mDNS could not start, LAN discovery is off: {Reason}")]
    private static partial void LogStartFailed(ILogger log, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "mDNS advertising and browsing {Service}")]
    private static partial void LogStarted(ILogger log, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mDNS send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger log, string reason);
}
