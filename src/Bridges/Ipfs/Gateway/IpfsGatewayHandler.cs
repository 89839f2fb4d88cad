using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>The request logic of <see cref="IpfsGateway"/>.</summary>
internal sealed class IpfsGatewayHandler(IpfsGateway gateway)
{
    private const string Immutable = "public, max-age=29030400, immutable";
    private const string CarContentType = "application/vnd.ipld.car; version=1; order=dfs; dups=n";

    public async Task ServeAsync(HttpContext ctx, string cidText, string? path)
    {
        var ct = ctx.RequestAborted;
        if (!Cid.TryParse(cidText, out var parsed, out var error))
        {
            await FailAsync(ctx, 400, $"invalid CID '{Clip(cidText)}': {error}").ConfigureAwait(false);
            return;
        }

        var (format, status, formatError) = GatewayFormatNegotiation.Negotiate(ctx.Request);
        if (formatError is not null)
        {
            await FailAsync(ctx, status, formatError).ConfigureAwait(false);
            return;
        }

        DagScope scope = DagScope.All;
        EntityBytesRange? entityBytes = null;
        if (format == GatewayFormat.Car && !TryCarParams(ctx.Request, out scope, out entityBytes, out var carError))
        {
            await FailAsync(ctx, 400, carError!).ConfigureAwait(false);
            return;
        }

        if (gateway.Content() is not { } store || gateway.Map() is not { } map)
        {
            ctx.Response.Headers.RetryAfter = "1";
            await FailAsync(ctx, 503, "the node is starting: its stores are not open yet").ConfigureAwait(false);
            return;
        }

        var cid = parsed!.ToV1();
        var entry = await map.TryGetByBlockAsync(cid.BytesMemory, ct).ConfigureAwait(false);
        if (entry is null || !store.Contains(entry.Addr))
        {
            await FailAsync(ctx, 404, $"{cid} is not held by this node").ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(path))
        {
            await FailAsync(ctx, 404, $"no link named '{Clip(path)}' under {cid}: it is a UnixFS file, not a directory").ConfigureAwait(false);
            return;
        }

        var isRoot = entry.Cid.Span.SequenceEqual(cid.Bytes);
        var etag = format switch
        {
            GatewayFormat.Raw => $"\"{cid}.raw\"",
            GatewayFormat.Car => $"\"{cid}.car.{scope.ToString().ToLowerInvariant()}.{entityBytes?.ToString() ?? "all"}\"",
            _ => $"\"{cid}\"",
        };
        var headers = ctx.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = Immutable;
        headers["X-Ipfs-Path"] = ctx.Request.Path.Value;
        headers["X-Ipfs-Roots"] = cid.ToString();
        headers.Vary = "Accept";
        headers.XContentTypeOptions = "nosniff";
        if (ctx.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == etag || v == "*" || v.Split(',').Any(x => x.Trim() == etag))))
        {
            ctx.Response.StatusCode = 304;
            return;
        }

        try
        {
            switch (format)
            {
                case GatewayFormat.Raw:
                    await ServeRawAsync(ctx, store, entry, cid, ct).ConfigureAwait(false);
                    break;
                case GatewayFormat.Car:
                    await ServeCarAsync(ctx, store, entry, cid, scope, entityBytes, ct).ConfigureAwait(false);
                    break;
                default:
                    await ServeFileAsync(ctx, store, entry, cid, isRoot, ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is IpfsException or ContentStoreException or KeyNotFoundException)
        {
            if (!ctx.Response.HasStarted)
            {
                ctx.Response.Headers.Remove(HeaderNames.ETag);
                ctx.Response.Headers.CacheControl = "no-store";
                await FailAsync(ctx, 502, $"{cid}: the stored object cannot be served: {e.Message}").ConfigureAwait(false);
            }
            else
            {
                // Mid-body: cut the connection so the client sees a truncated response, never a wrong one.
                ctx.Abort();
            }
        }
    }

    public async Task MapByAddrAsync(HttpContext ctx, string addrText)
    {
        if (!ContentId.TryParse(addrText, out var addr, out var error))
        {
            await FailAsync(ctx, 400, $"invalid address '{Clip(addrText)}': {error}").ConfigureAwait(false);
            return;
        }

        if (gateway.Map() is not { } map)
        {
            await FailAsync(ctx, 503, "the node is starting: its stores are not open yet").ConfigureAwait(false);
            return;
        }

        var entry = await map.TryGetByAddrAsync(addr, ctx.RequestAborted).ConfigureAwait(false);
        if (entry is null)
        {
            await FailAsync(ctx, 404, $"no CID recorded for {addr} (not stored here, or its CID is still being computed)").ConfigureAwait(false);
            return;
        }

        ctx.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, new Dictionary<string, object>
        {
            ["addr"] = entry.Addr.ToString(),
            ["cid"] = Cid.FromBytes(entry.Cid.Span).ToString(),
            ["size"] = entry.Size,
        }, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeRawAsync(HttpContext ctx, IContentStore store, CidMapEntry entry, Cid cid, CancellationToken ct)
    {
        var blocks = await gateway.Cache.GetAsync(store, entry, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"object {entry.Addr} is gone");
        var block = await blocks.GetBlockAsync(cid, ct).ConfigureAwait(false);
        ctx.Response.ContentType = GatewayFormatNegotiation.RawType;
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{cid}.bin\"";
        ctx.Response.ContentLength = block.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(block, ct).ConfigureAwait(false);
        }
    }

    private async Task ServeCarAsync(HttpContext ctx, IContentStore store, CidMapEntry entry, Cid cid, DagScope scope, EntityBytesRange? bytes, CancellationToken ct)
    {
        var blocks = await gateway.Cache.GetAsync(store, entry, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"object {entry.Addr} is gone");
        if (!blocks.Contains(cid))
        {
            throw new KeyNotFoundException($"block {cid} is not in the DAG of {blocks.Root}");
        }

        ctx.Response.ContentType = CarContentType;
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{cid}.car\"";
        if (HttpMethods.IsHead(ctx.Request.Method))
        {
            return;
        }

        await UnixFsCarExporter.WriteCarAsync(ctx.Response.Body, cid, blocks.GetBlockAsync, scope, bytes, gateway.Options.EffectiveLimits, ct).ConfigureAwait(false);
    }

    private async Task ServeFileAsync(HttpContext ctx, IContentStore store, CidMapEntry entry, Cid cid, bool isRoot, CancellationToken ct)
    {
        UnixFsContentBlocks? blocks = null;
        long size = entry.Size;
        if (!isRoot)
        {
            blocks = await gateway.Cache.GetAsync(store, entry, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"object {entry.Addr} is gone");
            size = await UnixFsWalker.GetFileSizeAsync(cid, blocks.GetBlockAsync, gateway.Options.EffectiveLimits, ct).ConfigureAwait(false);
        }

        ctx.Response.Headers.AcceptRanges = "bytes";
        ctx.Response.ContentType = "application/octet-stream";
        long start = 0, length = size;
        var range = ctx.Request.GetTypedHeaders().Range;
        if (range is { Ranges.Count: 1 } && range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            var r = range.Ranges.First();
            if (r.From is { } from)
            {
                if (from >= size)
                {
                    ctx.Response.Headers.ContentRange = $"bytes */{size}";
                    await FailAsync(ctx, 416, $"range starts at {from} but {cid} has {size} bytes").ConfigureAwait(false);
                    return;
                }

                start = from;
                length = Math.Min(size - 1, r.To ?? size - 1) - from + 1;
            }
            else if (r.To is { } suffix && suffix > 0)
            {
                length = Math.Min(suffix, size);
                start = size - length;
            }

            if (size > 0)
            {
                ctx.Response.StatusCode = 206;
                ctx.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + length - 1}/{size}");
            }
        }

        ctx.Response.ContentLength = length;
        if (HttpMethods.IsHead(ctx.Request.Method) || length == 0)
        {
            return;
        }

        if (blocks is null)
        {
            var reader = await store.OpenReadAsync(entry.Addr, start, length, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"object {entry.Addr} is gone");
            await using (reader.ConfigureAwait(false))
            {
                await reader.CopyToAsync(ctx.Response.Body, ct).ConfigureAwait(false);
            }
        }
        else
        {
            await UnixFsReader.CopyToAsync(cid, blocks.GetBlockAsync, ctx.Response.Body, start, length, gateway.Options.EffectiveLimits, ct).ConfigureAwait(false);
        }
    }

    private static bool TryCarParams(HttpRequest request, out DagScope scope, out EntityBytesRange? bytes, out string? error)
    {
        scope = DagScope.All;
        bytes = null;
        error = null;
        var scopeText = request.Query["dag-scope"].ToString();
        switch (scopeText)
        {
            case "" or "all":
                break;
            case "entity":
                scope = DagScope.Entity;
                break;
            case "block":
                scope = DagScope.Block;
                break;
            default:
                error = $"invalid dag-scope '{Clip(scopeText)}': use all, entity or block";
                return false;
        }

        var bytesText = request.Query["entity-bytes"].ToString();
        if (bytesText.Length > 0)
        {
            try
            {
                bytes = EntityBytesRange.Parse(bytesText);
            }
            catch (IpfsFormatException e)
            {
                error = e.Message;
                return false;
            }

            if (scope != DagScope.Entity)
            {
                // IPIP-402: entity-bytes narrows an entity; with dag-scope=all it would silently mean nothing.
                error = "entity-bytes needs dag-scope=entity";
                return false;
            }
        }

        return true;
    }

    private static async Task FailAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.WriteAsync(message + "\n", ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string Clip(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
