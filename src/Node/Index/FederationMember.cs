using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Node.Index;

/// <summary>
/// One federation member reached over OAP/1 with the SDK: a single multiplexed connection, opened on
/// first use and replaced after a transport failure, so concurrent pushes, fan-outs and syncs share it.
/// </summary>
internal sealed class FederationMember : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly RonClientOpts _opts;
    private RonClient? _client;

    public FederationMember(NodeAddress address, TimeSpan timeout)
    {
        Address = address;
        _opts = new RonClientOpts
        {
            Node = address,
            RequestTimeout = timeout,
            Tls = TlsDialOpts.Default with { ConnectTimeout = timeout, HandshakeTimeout = timeout, RequirePeerId = true },
        };
    }

    public NodeAddress Address { get; }

    /// <summary>The cursor-table key: the PeerId survives address changes.</summary>
    public string Key => Address.PeerId?.ToString() ?? Address.ToString();

    /// <summary>Runs <paramref name="call"/> on the member's connection; a transport failure drops the connection so the next call redials.</summary>
    public async Task<T> CallAsync<T>(Func<RonClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var client = await ClientAsync(ct).ConfigureAwait(false);
        try
        {
            return await call(client, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RonException { Status: > 0 } && e is not OperationCanceledException)
        {
            await DropAsync(client).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } c)
        {
            _client = null;
            await c.DisposeAsync().ConfigureAwait(false);
        }

        _connectLock.Dispose();
    }

    private async Task<RonClient> ClientAsync(CancellationToken ct)
    {
        if (_client is { } c)
        {
            return c;
        }

        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _client ??= await RonClient.ConnectAsync(_opts, ct).ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task DropAsync(RonClient client)
    {
        if (Interlocked.CompareExchange(ref _client, null, client) == client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
