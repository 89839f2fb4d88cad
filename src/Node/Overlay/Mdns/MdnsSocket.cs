using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Makaretu.Dns;

namespace RustyOnions.Node.Overlay.Mdns;

/// <summary>
/// The IPv4 mDNS socket (224.0.0.251:5353) joined on every up, multicast-capable, non-loopback interface.
/// Our own rather than Makaretu's MulticastService: its type initializer needs System.Net.IPNetwork,
/// which the only IPNetwork2 versions served (5.x) no longer have; Makaretu.Dns still reads and writes the messages.
/// </summary>
internal sealed class MdnsSocket : IDisposable
{
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");
    private const int Port = 5353;
    private readonly Socket _socket;
    private readonly List<IPAddress> _interfaces;

    public MdnsSocket()
    {
        _interfaces = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.SupportsMulticast && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .ToList();
        if (_interfaces.Count == 0)
        {
            throw new InvalidOperationException("no up, multicast-capable IPv4 interface to run mDNS on");
        }

        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Other responders (avahi, other nodes on this host) share the port.
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            foreach (var local in _interfaces)
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, local));
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="message"/> to the group on every joined interface.</summary>
    public void Send(Message message)
    {
        var bytes = message.ToByteArray();
        var group = new IPEndPoint(Group, Port);
        foreach (var local in _interfaces)
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
            _socket.SendTo(bytes, group);
        }
    }

    /// <summary>Receives messages until cancelled; undecodable datagrams are skipped.</summary>
    public async Task ReceiveAsync(Action<Message, IPEndPoint> onMessage, Action<string> onBad, CancellationToken ct)
    {
        var buffer = new byte[9000];
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult got;
            try
            {
                got = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var msg = new Message();
            try
            {
                msg.Read(buffer, 0, got.ReceivedBytes);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or FormatException)
            {
                onBad(e.Message);
                continue;
            }

            onMessage(msg, (IPEndPoint)got.RemoteEndPoint);
        }
    }

    public void Dispose() => _socket.Dispose();
}
