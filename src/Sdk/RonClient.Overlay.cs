using System.Buffers;
using RustyOnions.Proto.Hello;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk.Connection;

namespace RustyOnions.Sdk;

/// <summary>
/// Generic calls on any app id, used by node-to-node overlay links: one-frame calls, streamed
/// uploads and streamed downloads over the same multiplexed connection.
/// </summary>
public sealed partial class RonClient
{
    /// <summary>True once the connection failed or was closed; a new client is needed.</summary>
    public bool IsClosed => _connection.IsFaulted;

    /// <summary>
    /// Says HELLO over an already authenticated stream (for example a mutually authenticated TLS
    /// stream dialled by a node). The client owns <paramref name="stream"/>.
    /// </summary>
    public static async Task<RonClient> ConnectOverStreamAsync(Stream stream, RonClientOpts opts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(opts);
        var connection = new OapClientConnection(stream, OapHeader.DefaultMaxFrame * 16);
        try
        {
            HelloInfo hello = await SayHelloAsync(connection, opts, ct).ConfigureAwait(false);
            connection.MaxFrameOut = hello.MaxFrame;
            return new RonClient(connection, opts, hello);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One-frame request on <paramref name="appId"/>; the whole reply (at most <paramref name="replyLimit"/> bytes).</summary>
    public async Task<byte[]> CallAsync(ushort appId, ReadOnlyMemory<byte> payload, long replyLimit, CancellationToken ct = default)
    {
        var (corr, pending) = _connection.Register();
        try
        {
            using var timeout = Timeout(Opts, ct);
            await _connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, appId, Opts.Tenant, corr), Opts.Cap, payload, timeout.Token).ConfigureAwait(false);
            return await pending.ReadAllAsync(replyLimit, timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _connection.Forget(corr);
        }
    }

    /// <summary>
    /// Streams a request: <paramref name="head"/> in the START frame, then the bytes <paramref name="read"/>
    /// yields until it returns 0; returns the (one-frame) reply.
    /// </summary>
    public async Task<byte[]> PushAsync(ushort appId, ReadOnlyMemory<byte> head, Func<Memory<byte>, CancellationToken, ValueTask<int>> read, long replyLimit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (corr, pending) = _connection.Register();
        var chunk = Math.Min(256 * 1024, OapFrameWriter.MaxPayload(_connection.MaxFrameOut));
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            await _connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start, 0, appId, Opts.Tenant, corr), Opts.Cap, head, ct).ConfigureAwait(false);
            var replyTask = pending.ReadAllAsync(replyLimit, ct);
            while (!replyTask.IsCompleted)
            {
                var filled = 0;
                while (filled < chunk)
                {
                    var n = await read(buffer.AsMemory(filled, chunk - filled), ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    filled += n;
                }

                var last = filled < chunk;
                await _connection.SendAsync(new OapHeader(OapFlags.Req | (last ? OapFlags.End : 0), 0, appId, Opts.Tenant, corr), default, buffer.AsMemory(0, filled), ct).ConfigureAwait(false);
                if (last)
                {
                    break;
                }
            }

            return await replyTask.ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _connection.Forget(corr);
        }
    }

    /// <summary>One-frame request whose (possibly streamed) reply payloads go to <paramref name="sink"/>.</summary>
    public async Task PullAsync(ushort appId, ReadOnlyMemory<byte> head, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct = default)
    {
        var (corr, pending) = _connection.Register();
        try
        {
            await _connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, appId, Opts.Tenant, corr), Opts.Cap, head, ct).ConfigureAwait(false);
            await pending.ReadAsync(sink, ct).ConfigureAwait(false);
        }
        finally
        {
            _connection.Forget(corr);
        }
    }
}
