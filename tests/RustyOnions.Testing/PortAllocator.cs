using System.Net;
using System.Net.Sockets;

namespace RustyOnions.Testing;

/// <summary>Hands out free loopback TCP ports, never the same one twice in a process.</summary>
public static class PortAllocator
{
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    /// <summary>A port that was free on 127.0.0.1 a moment ago.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("no free loopback port found in 100 attempts");
        }
    }
}
