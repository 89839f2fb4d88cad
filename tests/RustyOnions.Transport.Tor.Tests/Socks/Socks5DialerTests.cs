using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RustyOnions.Transport.Tor.Socks;
using RustyOnions.Transport.Tor.Tests.Support;

namespace RustyOnions.Transport.Tor.Tests.Socks;

/// <summary>SOCKS5 client protocol tests against an in-process fake SOCKS server.</summary>
public sealed class Socks5DialerTests
{
    private const string Onion = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz234.onion";

    public static TheoryData<int, string> ReplyCodes()
    {
        var data = new TheoryData<int, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoRoot.Vector("socks5-replies.json")));
        foreach (var c in doc.RootElement.GetProperty("codes").EnumerateArray())
        {
            data.Add(c.GetProperty("code").GetInt32(), c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReplyCodes))]
    public async Task Every_error_reply_code_maps_to_typed_SocksException(int code, string name)
    {
        await using var server = new FakeSocksServer((byte)code);
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(Onion, 443, CancellationToken.None));
        Assert.Equal(Enum.Parse<SocksReply>(name), ex.Reply);
        Assert.Contains($"0x{code:X2}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Onion + ":443", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_enum_value_has_a_specific_description()
    {
        foreach (var r in Enum.GetValues<SocksReply>())
        {
            Assert.DoesNotContain("unknown", SocksException.Describe(r), StringComparison.Ordinal);
        }

        Assert.Contains("unknown", SocksException.Describe((SocksReply)0x42), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_sends_domain_name_atyp_so_the_proxy_resolves_the_name()
    {
        await using var server = new FakeSocksServer(0);
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint));
        await using var stream = await dialer.ConnectAsync(Onion, 8443, CancellationToken.None);
        Assert.IsType<NetworkStream>(stream);
        Assert.Equal([5, 1, 0, 3], server.Request!);
        Assert.Equal(Onion, server.Host);
        Assert.Equal(8443, server.Port);
        Assert.Equal([(byte)0], server.Methods!);

        await stream.WriteAsync("ping"u8.ToArray());
        var buf = new byte[4];
        await stream.ReadExactlyAsync(buf);
        Assert.Equal("ping"u8.ToArray(), buf);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Bound_address_of_any_type_is_consumed_before_data(byte atyp)
    {
        await using var server = new FakeSocksServer(0, boundAtyp: atyp);
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint));
        await using var stream = await dialer.ConnectAsync("example.onion", 80, CancellationToken.None);
        await stream.WriteAsync("x"u8.ToArray());
        Assert.Equal((byte)'x', (byte)stream.ReadByte());
    }

    [Fact]
    public async Task Username_password_are_sent_for_stream_isolation()
    {
        await using var server = new FakeSocksServer(0, requireUser: "tenant-42");
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint, "tenant-42", "p"));
        await using var stream = await dialer.ConnectAsync(Onion, 80, CancellationToken.None);
        Assert.Equal([(byte)2], server.Methods!);
        Assert.Equal("tenant-42", server.User);
        Assert.Equal("p", server.Password);
    }

    [Fact]
    public async Task Rejected_credentials_raise_SocksException_without_reply()
    {
        await using var server = new FakeSocksServer(0, requireUser: "right");
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint, "wrong", "p"));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(Onion, 80, CancellationToken.None));
        Assert.Null(ex.Reply);
        Assert.Contains("rejected username/password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_that_refuses_our_method_raises_SocksException()
    {
        await using var server = new FakeSocksServer(0, requireUser: "someone");
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(Onion, 80, CancellationToken.None));
        Assert.Contains("accepts none of our methods", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_closing_mid_handshake_raises_SocksException()
    {
        await using var server = new FakeSocksServer(0, closeAfterGreeting: true);
        var dialer = new Socks5Dialer(new Socks5Opts(server.EndPoint));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(Onion, 80, CancellationToken.None));
        Assert.Contains("closed the connection", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_not_running_raises_SocksException_naming_the_proxy()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        var dialer = new Socks5Dialer(new Socks5Opts(new IPEndPoint(IPAddress.Loopback, port)));
        var ex = await Assert.ThrowsAsync<SocksException>(() => dialer.ConnectAsync(Onion, 80, CancellationToken.None));
        Assert.Contains("cannot connect to the SOCKS5 proxy", ex.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(ex.InnerException);
    }

    [Theory]
    [InlineData("", 80)]
    [InlineData("host with space", 80)]
    [InlineData("ok.onion", 0)]
    [InlineData("ok.onion", 70000)]
    public async Task Invalid_targets_are_refused_before_dialing(string host, int port)
    {
        var dialer = new Socks5Dialer(new Socks5Opts(new IPEndPoint(IPAddress.Loopback, 9)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => dialer.ConnectAsync(host, port, CancellationToken.None));
    }

    [Fact]
    public void Options_are_validated()
    {
        var ep = new IPEndPoint(IPAddress.Loopback, 9);
        Assert.Throws<ArgumentException>(() => new Socks5Dialer(new Socks5Opts(ep, new string('u', 256))));
        Assert.Throws<ArgumentException>(() => new Socks5Dialer(new Socks5Opts(ep, null, "pw")));
        Assert.Throws<ArgumentException>(() => new Socks5Dialer(new Socks5Opts(ep) { ConnectTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Connection_factory_returns_pipe_connection_over_the_tunnel()
    {
        await using var server = new FakeSocksServer(0, requireUser: "t");
        using var factory = new Socks5ConnectionFactory(new Socks5Opts(server.EndPoint, "t", "p"));
        await using var conn = await factory.ConnectAsync(new DnsEndPoint(Onion, 9000));
        Assert.Equal(Onion, server.Host);
        Assert.Equal(9000, server.Port);
        await conn.Transport.Output.WriteAsync("hello"u8.ToArray());
        var got = new List<byte>();
        while (got.Count < 5)
        {
            var r = await conn.Transport.Input.ReadAsync();
            got.AddRange(r.Buffer.ToArray());
            conn.Transport.Input.AdvanceTo(r.Buffer.End);
        }

        Assert.Equal("hello"u8.ToArray(), got.ToArray());
    }
}
