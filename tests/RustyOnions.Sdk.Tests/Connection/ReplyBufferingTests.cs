using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk.Connection;

namespace RustyOnions.Sdk.Tests.Connection;

/// <summary>
/// The connection's read loop must not wait on one slow reply consumer: other requests' replies
/// still arrive, and buffered replies stay within the connection budget.
/// </summary>
public sealed class ReplyBufferingTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket _server = null!;
    private OapClientConnection _client = null!;
    private PipeWriter _serverOut = null!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        var accept = _listener.AcceptSocketAsync();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
        _server = await accept;
        _serverOut = PipeWriter.Create(new NetworkStream(_server, ownsSocket: false));
        _client = new OapClientConnection(new NetworkStream(socket, ownsSocket: true), OapHeader.DefaultMaxFrame);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _server.Dispose();
        _listener.Stop();
    }

    [Fact]
    public async Task Unread_large_reply_does_not_block_a_later_small_reply()
    {
        var (slowCorr, slow) = _client.Register();
        var (fastCorr, fast) = _client.Register();

        // 200 frames of 16 KiB for a caller that does not read yet (the old read loop stalled after 64).
        var chunk = new byte[16 * 1024];
        for (var i = 0; i < 200; i++)
        {
            await SendAsync(slowCorr, chunk, start: i == 0, end: false);
        }

        await SendAsync(fastCorr, "pong"u8.ToArray(), start: true, end: true);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = await fast.ReadAllAsync(1024, timeout.Token);
        Assert.Equal("pong"u8.ToArray(), reply);
        _client.Forget(fastCorr);

        // The slow caller still gets every byte, in order, once it reads.
        await SendAsync(slowCorr, chunk, start: false, end: true);
        var all = await slow.ReadAllAsync(long.MaxValue, timeout.Token);
        Assert.Equal(201 * chunk.Length, all.Length);
        _client.Forget(slowCorr);
        Assert.Equal(0, _client.BufferedReplyBytes);
    }

    [Fact]
    public async Task Forgetting_a_request_with_unread_frames_frees_their_budget()
    {
        var (corr, _) = _client.Register();
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(corr, new byte[1000], start: i == 0, end: i == 9);
        }

        await RustyOnions.Testing.Poll.UntilAsync(() => _client.BufferedReplyBytes == 10_000, TimeSpan.FromSeconds(30), "frames were not buffered");
        _client.Forget(corr);

        Assert.Equal(0, _client.BufferedReplyBytes);
    }

    private async Task SendAsync(ulong corr, byte[] payload, bool start, bool end)
    {
        var flags = OapFlags.Resp | (start ? OapFlags.Start : 0) | (end ? OapFlags.End : 0);
        OapFrameWriter.Write(_serverOut, new OapHeader(flags, 0, OapAppId.Echo, 0, corr), ReadOnlySpan<byte>.Empty, payload);
        await _serverOut.FlushAsync();
    }
}
