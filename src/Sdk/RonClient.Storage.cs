using System.Buffers;
using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Sdk;

/// <summary>Storage calls: streaming put and verified streaming get.</summary>
public sealed partial class RonClient
{
    /// <summary>Streams <paramref name="source"/> to the node; returns its address and size.</summary>
    public async Task<RonPutResult> PutAsync(Stream source, ContentId? expected = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        // A stream can be read once, so this PUT is not retried; a broken connection is replaced first.
        var connection = _connection.IsFaulted ? await ReconnectAsync(_connection, ct).ConfigureAwait(false) : _connection;
        return await PutOnceAsync(connection, source, expected, progress, ct).ConfigureAwait(false);
    }

    private async Task<RonPutResult> PutOnceAsync(Connection.OapClientConnection connection, Stream source, ContentId? expected, IProgress<long>? progress, CancellationToken ct)
    {
        // A seekable source declares its size, so the node can refuse an oversize object (413) before any byte is sent.
        var size = source.CanSeek ? FormattableString.Invariant($",\"size\":{source.Length - source.Position}") : string.Empty;
        var head = expected is { } e ? Encoding.UTF8.GetBytes($"{{\"op\":\"put\",\"addr\":\"{e}\"{size}}}") : Encoding.UTF8.GetBytes($"{{\"op\":\"put\"{size}}}");
        var (corr, pending) = connection.Register();
        var chunk = Math.Min(256 * 1024, OapFrameWriter.MaxPayload(connection.MaxFrameOut));
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            var tenant = Opts.Tenant;
            await connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start, 0, OapAppId.Storage, tenant, corr), Opts.Cap, head, ct).ConfigureAwait(false);
            var replyTask = pending.ReadAllAsync(MaxJsonReply, ct);
            long sent = 0;
            while (true)
            {
                var n = await ReadFullAsync(source, buffer.AsMemory(0, chunk), ct).ConfigureAwait(false);
                var last = n < chunk;
                if (replyTask.IsCompleted)
                {
                    break; // the node answered early (an error): stop sending
                }

                await connection.SendAsync(new OapHeader(OapFlags.Req | (last ? OapFlags.End : 0), 0, OapAppId.Storage, tenant, corr), default, buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                sent += n;
                progress?.Report(sent);
                if (last)
                {
                    break;
                }
            }

            var reply = await replyTask.ConfigureAwait(false);
            using var doc = JsonDocument.Parse(reply);
            return new RonPutResult(ContentId.Parse(doc.RootElement.GetProperty("addr").GetString()!), doc.RootElement.GetProperty("size").GetInt64(), corr);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            connection.Forget(corr);
        }
    }

    /// <summary>Stores a byte array (retried: storing the same bytes twice is harmless, the address is their hash).</summary>
    public Task<RonPutResult> PutAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default) =>
        WithRetryAsync(Always, async (c, t) =>
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            return await PutOnceAsync(c, stream, null, null, t).ConfigureAwait(false);
        }, ct);

    /// <summary>
    /// Streams an object (or a range of it) into <paramref name="destination"/>. A whole-object read is
    /// hashed as it arrives; a mismatch throws <see cref="RonIntegrityException"/> after the bytes were
    /// written, so callers writing to a file must write to a temporary and keep it only on success.
    /// </summary>
    public async Task<long> GetAsync(ContentId addr, Stream destination, long offset = 0, long? length = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var json = new StringBuilder("{\"op\":\"get\",\"addr\":\"").Append(addr.ToCanonicalString()).Append('"');
        if (offset > 0)
        {
            json.Append(",\"offset\":").Append(offset);
        }

        if (length is { } l)
        {
            json.Append(",\"length\":").Append(l);
        }

        json.Append('}');
        var whole = offset == 0 && length is null;
        var head = Encoding.UTF8.GetBytes(json.ToString());
        long delivered = 0;
        // A GET is repeated only while none of its bytes reached the destination.
        return await WithRetryAsync(() => delivered == 0, (c, t) => GetOnceAsync(c, addr, head, whole, destination, n => delivered = n, progress, t), ct).ConfigureAwait(false);
    }

    private async Task<long> GetOnceAsync(Connection.OapClientConnection connection, ContentId addr, byte[] head, bool whole, Stream destination, Action<long> delivered, IProgress<long>? progress, CancellationToken ct)
    {
        using var hasher = whole ? new ContentHasher() : null;
        var (corr, pending) = connection.Register();
        try
        {
            await connection.SendAsync(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, OapAppId.Storage, Opts.Tenant, corr), Opts.Cap, head, ct).ConfigureAwait(false);
            long received = 0;
            await pending.ReadAsync(
                async payload =>
                {
                    hasher?.Update(payload.Span);
                    await destination.WriteAsync(payload, ct).ConfigureAwait(false);
                    received += payload.Length;
                    delivered(received);
                    progress?.Report(received);
                },
                ct).ConfigureAwait(false);
            if (hasher is not null && hasher.Finish() is var actual && actual != addr)
            {
                throw new RonIntegrityException(addr.ToCanonicalString(), actual.ToCanonicalString(), corr);
            }

            return received;
        }
        finally
        {
            connection.Forget(corr);
        }
    }

    /// <summary>Reads a whole object into memory (verified).</summary>
    public async Task<byte[]> GetBytesAsync(ContentId addr, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await GetAsync(addr, buffer, ct: ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads a file under the node's tiles root (the original tiles GET).</summary>
    public async Task<byte[]> GetPathAsync(string path, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["op"] = "get", ["path"] = path });
        return (await RequestAsync(OapAppId.Storage, body, Always, ct).ConfigureAwait(false)).Reply;
    }

    /// <summary>Asks whether the node holds an object.</summary>
    public async Task<RonStat> StatAsync(ContentId addr, CancellationToken ct = default)
    {
        var (reply, corr) = await RequestAsync(OapAppId.Storage, Encoding.UTF8.GetBytes($"{{\"op\":\"stat\",\"addr\":\"{addr.ToCanonicalString()}\"}}"), Always, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        var root = doc.RootElement;
        return new RonStat(addr, root.GetProperty("exists").GetBoolean(), root.TryGetProperty("size", out var s) ? s.GetInt64() : null) { CorrId = corr };
    }

    private static async ValueTask<int> ReadFullAsync(Stream source, Memory<byte> buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await source.ReadAsync(buffer[filled..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }
}
