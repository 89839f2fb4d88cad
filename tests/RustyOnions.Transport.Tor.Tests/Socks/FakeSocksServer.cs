using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RustyOnions.Transport.Tor.Tests.Socks;

/// <summary>
/// A minimal in-process SOCKS5 server for protocol tests: records what the client sent, answers
/// with a chosen reply code, and on success echoes bytes.
/// </summary>
internal sealed class FakeSocksServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _run;

    public FakeSocksServer(byte reply, string? requireUser = null, byte boundAtyp = 1, bool closeAfterGreeting = false)
    {
        _listener.Start();
        _run = Task.Run(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var s = client.GetStream();
            var head = await ReadAsync(s, 2);
            var methods = await ReadAsync(s, head[1]);
            Methods = methods;
            if (closeAfterGreeting)
            {
                return;
            }

            var method = requireUser is null ? (byte)0 : (byte)2;
            if (!methods.Contains(method))
            {
                await s.WriteAsync(new byte[] { 5, 0xFF });
                return;
            }

            await s.WriteAsync(new byte[] { 5, method });
            if (requireUser is not null)
            {
                var ver = await ReadAsync(s, 2);
                var user = Encoding.UTF8.GetString(await ReadAsync(s, ver[1]));
                var plen = (await ReadAsync(s, 1))[0];
                Password = Encoding.UTF8.GetString(await ReadAsync(s, plen));
                User = user;
                await s.WriteAsync(new byte[] { 1, user == requireUser ? (byte)0 : (byte)1 });
                if (user != requireUser)
                {
                    return;
                }
            }

            var req = await ReadAsync(s, 4);
            Request = req;
            var len = (await ReadAsync(s, 1))[0];
            Host = Encoding.ASCII.GetString(await ReadAsync(s, len));
            Port = BinaryPrimitives.ReadUInt16BigEndian(await ReadAsync(s, 2));
            byte[] bound = boundAtyp switch
            {
                1 => [1, 0, 0, 0, 0, 0, 0],
                4 => [4, .. new byte[16], 0, 0],
                _ => [3, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x1F, 0x90],
            };
            await s.WriteAsync((byte[])[5, reply, 0, .. bound]);
            if (reply == 0)
            {
                var buf = new byte[1024];
                int n;
                while ((n = await s.ReadAsync(buf)) > 0)
                {
                    await s.WriteAsync(buf.AsMemory(0, n));
                }
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public byte[]? Methods { get; private set; }

    public byte[]? Request { get; private set; }

    public string? Host { get; private set; }

    public int Port { get; private set; }

    public string? User { get; private set; }

    public string? Password { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
        }
    }

    private static async Task<byte[]> ReadAsync(Stream s, int n)
    {
        var b = new byte[n];
        await s.ReadExactlyAsync(b);
        return b;
    }
}
