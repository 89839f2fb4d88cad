using System.Net;
using System.Net.Sockets;
using System.Text;
using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Transport.Tor.Tests.Control;

/// <summary>Client behaviour against a scripted in-process control server (protocol-level unit tests).</summary>
public sealed class TorControlClientFakeServerTests
{
    [Fact]
    public async Task Events_arriving_before_a_reply_are_delivered_and_the_reply_still_matches()
    {
        await using var server = new ScriptedServer(async (r, w) =>
        {
            Assert.Equal("GETINFO version", await r.ReadLineAsync());
            await w.WriteAsync("650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED\r\n650-CONF_CHANGED\r\n650-A=1\r\n650 OK\r\n250-version=0.4.9.11\r\n250 OK\r\n");
            await w.FlushAsync();
            Assert.Null(await r.ReadLineAsync());
        });
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
        var seen = new List<string>();
        using var sub = client.Subscribe(e => { lock (seen) { seen.Add(e.Keyword); } });

        Assert.Equal("0.4.9.11", await client.GetInfoAsync("version", CancellationToken.None));
        var first = await client.Events.ReadAsync();
        var second = await client.Events.ReadAsync();
        Assert.Equal("STATUS_CLIENT", first.Keyword);
        Assert.Equal("NOTICE CIRCUIT_ESTABLISHED", first.Text);
        Assert.Equal("CONF_CHANGED", second.Keyword);
        Assert.Equal(3, second.Reply.Lines.Count);
        lock (seen)
        {
            Assert.Equal(["STATUS_CLIENT", "CONF_CHANGED"], seen);
        }
    }

    [Fact]
    public async Task Concurrent_commands_get_their_own_replies_in_order()
    {
        await using var server = new ScriptedServer(async (r, w) =>
        {
            for (var i = 0; i < 20; i++)
            {
                var line = await r.ReadLineAsync();
                await w.WriteAsync($"250-{line![8..]}=v{line[9..]}\r\n250 OK\r\n");
                await w.FlushAsync();
            }
        });
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
        var tasks = Enumerable.Range(0, 20).Select(i => client.GetInfoAsync($"k{i}", CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"v{i}", results[i]);
        }
    }

    [Fact]
    public async Task Error_status_becomes_TorControlException_with_code()
    {
        await using var server = new ScriptedServer(async (r, w) =>
        {
            await r.ReadLineAsync();
            await w.WriteAsync("552 Unrecognized key \"nope\"\r\n");
            await w.FlushAsync();
            await r.ReadLineAsync();
        });
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TorControlException>(() => client.GetInfoAsync("nope", CancellationToken.None));
        Assert.Equal(552, ex.Code);
        Assert.Contains("Unrecognized key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GETINFO", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_dropped_mid_command_fails_the_command_with_connection_error()
    {
        await using var server = new ScriptedServer(async (r, w) =>
        {
            await r.ReadLineAsync();
            await w.WriteAsync("250-partial=1\r\n");
            await w.FlushAsync();
            // Then the server vanishes without finishing the reply.
        });
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TorControlConnectionException>(() => client.GetInfoAsync("partial", CancellationToken.None));
        Assert.Contains("closed the control connection", ex.Message, StringComparison.Ordinal);
        // Later commands fail at once with the same reason, instead of hanging.
        await Assert.ThrowsAsync<TorControlConnectionException>(() => client.GetInfoAsync("again", CancellationToken.None));
        Assert.True(client.Events.Completion.IsCompleted);
    }

    [Fact]
    public async Task Overlong_line_fails_with_bound_in_message()
    {
        await using var server = new ScriptedServer(async (r, w) =>
        {
            await r.ReadLineAsync();
            await w.WriteAsync("250 " + new string('x', 5000) + "\r\n");
            await w.FlushAsync();
            await r.ReadLineAsync();
        });
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint) { MaxLineLength = 1024 }, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TorControlConnectionException>(() => client.GetInfoAsync("x", CancellationToken.None));
        Assert.Contains("MaxLineLength", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_with_newline_is_refused_before_sending()
    {
        await using var server = new ScriptedServer(async (r, _) => await r.ReadLineAsync());
        await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendRawAsync("GETINFO a\r\nSIGNAL HALT", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetInfoAsync("a b", CancellationToken.None));
    }

    [Fact]
    public async Task Safecookie_rejects_server_that_does_not_know_the_cookie()
    {
        var cookie = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(cookie, new byte[32]);
            await using var server = new ScriptedServer(async (r, w) =>
            {
                Assert.Equal("PROTOCOLINFO 1", await r.ReadLineAsync());
                await w.WriteAsync($"250-PROTOCOLINFO 1\r\n250-AUTH METHODS=SAFECOOKIE COOKIEFILE=\"{cookie}\"\r\n250 OK\r\n");
                await w.FlushAsync();
                Assert.StartsWith("AUTHCHALLENGE SAFECOOKIE ", await r.ReadLineAsync(), StringComparison.Ordinal);
                await w.WriteAsync($"250 AUTHCHALLENGE SERVERHASH={new string('A', 64)} SERVERNONCE={new string('B', 64)}\r\n");
                await w.FlushAsync();
                await r.ReadLineAsync();
            });
            await using var client = await TorControlClient.ConnectAsync(new TorControlOpts(server.EndPoint), CancellationToken.None);
            var ex = await Assert.ThrowsAsync<TorControlException>(() => client.AuthenticateAsync(CancellationToken.None));
            Assert.Equal(515, ex.Code);
            Assert.Contains("SERVERHASH", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _run;

        public ScriptedServer(Func<StreamReader, StreamWriter, Task> script)
        {
            _listener.Start();
            _run = Task.Run(async () =>
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n" };
                await script(reader, writer);
            });
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                // Assertion failures inside the script surface here.
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
