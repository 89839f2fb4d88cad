using RustyOnions.Overlay.Peers;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Node.Overlay;

/// <summary>An <see cref="IPeerLink"/> over the SDK's multiplexing OAP/1 client.</summary>
internal sealed class SdkPeerLink : IPeerLink
{
    private readonly RonClient _client;

    public SdkPeerLink(RonClient client, PeerId remote)
    {
        _client = client;
        Remote = remote;
    }

    public PeerId Remote { get; }

    public bool IsClosed => _client.IsClosed;

    public Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> head, int replyLimit, CancellationToken ct) =>
        Map(() => _client.CallAsync(appId, head, replyLimit, ct));

    public Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken ct) =>
        Map(() => _client.PushAsync(appId, head, read, 64 * 1024, ct));

    public Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct) =>
        Map(async () =>
        {
            await _client.PullAsync(appId, head, sink, ct).ConfigureAwait(false);
            return true;
        });

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<T> Map<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RonException e)
        {
            throw new PeerLinkException(e.Status, string.IsNullOrEmpty(e.Code) ? "UNREACHABLE" : e.Code, $"peer {Remote.ToString()[..12]}: {e.Message}", e);
        }
    }
}
