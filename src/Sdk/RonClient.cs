using RustyOnions.Proto.Hello;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk.Connection;
using RustyOnions.Sdk.Errors;
using RustyOnions.Transport.Tls.Client;
using RustyOnions.Transport.Tor.Socks;

namespace RustyOnions.Sdk;

/// <summary>
/// A client of one RustyOnions node over OAP/1. Thread-safe: concurrent calls share the connection
/// and are multiplexed by corr_id.
/// </summary>
public sealed partial class RonClient : IAsyncDisposable
{
    private const long MaxJsonReply = 16L << 20;
    private OapClientConnection _connection;

    private RonClient(OapClientConnection connection, RonClientOpts opts, HelloInfo hello)
    {
        _connection = connection;
        Opts = opts;
        Hello = hello;
    }

    /// <summary>The settings in force.</summary>
    public RonClientOpts Opts { get; }

    /// <summary>What the node said in HELLO.</summary>
    public HelloInfo Hello { get; }

    /// <summary>Connects over TLS, directly or through tor for tor:// addresses (verifying the PeerId pin or the CA), then says HELLO.</summary>
    public static async Task<RonClient> ConnectAsync(RonClientOpts opts, CancellationToken ct = default)
    {
        var (connection, hello) = await OpenAsync(opts, ct).ConfigureAwait(false);
        return new RonClient(connection, opts, hello);
    }

    private static async Task<(OapClientConnection Connection, HelloInfo Hello)> OpenAsync(RonClientOpts opts, CancellationToken ct)
    {
        Stream stream;
        try
        {
            stream = await RonDialer.ConnectAsync(opts.Node, opts.DialOpts, ct).ConfigureAwait(false);
        }
        catch (SocksException e)
        {
            throw new RonException($"cannot reach {opts.Node} through tor's SOCKS port {opts.TorSocks}: {e.Message}", e);
        }
        catch (TlsDialException e)
        {
            throw new RonException($"cannot reach {opts.Node}: {e.Message}", e);
        }

        var connection = new OapClientConnection(stream, OapHeader.DefaultMaxFrame * 16);
        try
        {
            var hello = await SayHelloAsync(connection, opts, ct).ConfigureAwait(false);
            connection.MaxFrameOut = hello.MaxFrame;
            return (connection, hello);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks the node for HELLO again.</summary>
    public Task<HelloInfo> HelloAsync(CancellationToken ct = default) => WithRetryAsync(Always, (c, t) => SayHelloAsync(c, Opts, t), ct);

    /// <summary>Sends bytes to the echo service and returns what came back.</summary>
    public async Task<byte[]> EchoAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) =>
        (await RequestAsync(OapAppId.Echo, payload, Always, ct).ConfigureAwait(false)).Reply;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _reconnectLock.Dispose();
    }

    /// <summary>The retry predicate of operations that may always be repeated.</summary>
    private static readonly Func<bool> Always = static () => true;

    private static async Task<HelloInfo> SayHelloAsync(OapClientConnection connection, RonClientOpts opts, CancellationToken ct)
    {
        var body = opts.MaxFrame is { } mf ? System.Text.Encoding.UTF8.GetBytes($"{{\"max_frame\":{mf}}}") : [];
        var (corr, pending) = connection.Register();
        try
        {
            using var timeout = Timeout(opts, ct);
            await connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, OapAppId.Hello, opts.Tenant, corr), opts.Cap, body, timeout.Token).ConfigureAwait(false);
            var reply = await pending.ReadAllAsync(HelloInfo.MaxEncodedSize, timeout.Token).ConfigureAwait(false);
            return HelloInfo.Parse(reply);
        }
        catch (FormatException e)
        {
            throw new RonException("the node's HELLO reply is malformed: " + e.Message, e);
        }
        finally
        {
            connection.Forget(corr);
        }
    }

    /// <summary>One-frame request, whole reply in memory, retried when <paramref name="canRetry"/> is not null.</summary>
    private Task<(byte[] Reply, ulong CorrId)> RequestAsync(ushort app, ReadOnlyMemory<byte> payload, Func<bool>? canRetry, CancellationToken ct) =>
        WithRetryAsync(canRetry, (c, t) => RequestOnceAsync(c, app, payload, t), ct);

    private async Task<(byte[] Reply, ulong CorrId)> RequestOnceAsync(OapClientConnection connection, ushort app, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var (corr, pending) = connection.Register();
        try
        {
            using var timeout = Timeout(Opts, ct);
            await connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, app, Opts.Tenant, corr), Opts.Cap, payload, timeout.Token).ConfigureAwait(false);
            return (await pending.ReadAllAsync(MaxJsonReply, timeout.Token).ConfigureAwait(false), corr);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RonException(0, "TIMEOUT", $"no reply to corr_id {corr} within {Opts.RequestTimeout.TotalSeconds:0.#} s", corr, true, null);
        }
        finally
        {
            connection.Forget(corr);
        }
    }

    private static CancellationTokenSource Timeout(RonClientOpts opts, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(opts.RequestTimeout);
        return cts;
    }
}
