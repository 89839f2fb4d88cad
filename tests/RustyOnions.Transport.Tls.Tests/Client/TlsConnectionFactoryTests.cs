using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Text;
using Microsoft.AspNetCore.Connections;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tls.Connections;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Client;

public sealed class TlsConnectionFactoryTests
{
    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task Factory_connection_exchanges_bytes_through_pipes_and_knows_the_remote_peer()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        using var clientId = NodeIdentity.CreateEphemeral();
        using var clientCert = NodeCertificate.Create(clientId);
        await using var server = await TlsTestServer.StartAsync(serverId);
        IConnectionFactory factory = new TlsConnectionFactory(new TlsDialOpts { ClientCertificate = clientCert });
        var ct = Deadline;

        await using var connection = await factory.ConnectAsync(new NodeAddressEndPoint(server.Pinned), ct);
        Assert.Equal(serverId.PeerId, connection.GetRemotePeer());
        Assert.IsType<SslStream>(connection.Features.Get<IStreamFeature>()?.Stream);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, server.Port), connection.RemoteEndPoint);

        var greeting = await ReadAsync(connection, GreetingEchoHandler.GreetingLength, ct);
        Assert.Equal(clientId.PeerId + "\n", Encoding.ASCII.GetString(greeting));

        var payload = new byte[70_000];
        new Random(7).NextBytes(payload);
        await connection.Transport.Output.WriteAsync(payload, ct);
        Assert.Equal(payload, await ReadAsync(connection, payload.Length, ct));
    }

    [Fact]
    public async Task Factory_reports_dial_errors_as_TlsDialException()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(serverId);
        var factory = new TlsConnectionFactory(TlsDialOpts.Default);

        // An IPEndPoint has no pin: CA mode, and a self-signed node certificate is not trusted.
        var ex = await Assert.ThrowsAsync<TlsDialException>(async () =>
            await factory.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), Deadline));
        Assert.Equal(TlsDialError.UntrustedCertificate, ex.Error);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await factory.ConnectAsync(new UriEndPoint(new Uri("http://x")), Deadline));
    }

    [Fact]
    public async Task Abort_fails_pending_reads()
    {
        using var serverId = NodeIdentity.CreateEphemeral();
        await using var server = await TlsTestServer.StartAsync(serverId);
        var ct = Deadline;
        await using var connection = await new TlsConnectionFactory(TlsDialOpts.Default).ConnectAsync(new NodeAddressEndPoint(server.Pinned), ct);
        await ReadAsync(connection, GreetingEchoHandler.GreetingLength, ct);

        var pending = connection.Transport.Input.ReadAsync(ct).AsTask();
        connection.Abort();
        Assert.True(connection.ConnectionClosed.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
    }

    private static async Task<byte[]> ReadAsync(ConnectionContext connection, int count, CancellationToken ct)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(ct);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                input.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            Assert.False(result.IsCompleted, $"connection closed after {result.Buffer.Length} of {count} bytes");
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
