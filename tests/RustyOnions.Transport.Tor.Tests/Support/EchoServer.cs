using System.Net;
using System.Net.Sockets;

namespace RustyOnions.Transport.Tor.Tests.Support;

/// <summary>A TCP server on 127.0.0.1 that echoes every byte back, or (when given) serves a fixed payload then closes.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private readonly byte[]? _payload;

    public EchoServer(byte[]? payload = null)
    {
        _payload = payload;
        _listener.Start();
        _accept = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref Accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                if (_payload is not null)
                {
                    // One request byte, then the payload (OnionPerf-style download).
                    var one = new byte[1];
                    if (await stream.ReadAsync(one, _stop.Token) == 1)
                    {
                        await stream.WriteAsync(_payload, _stop.Token);
                    }

                    return;
                }

                var buf = new byte[16 * 1024];
                int n;
                while ((n = await stream.ReadAsync(buf, _stop.Token)) > 0)
                {
                    await stream.WriteAsync(buf.AsMemory(0, n), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
