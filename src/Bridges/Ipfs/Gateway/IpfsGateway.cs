using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RustyOnions.Index.Mapping;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>
/// A trustless IPFS HTTP gateway over overlay objects (spec: specs/bridges.md <c>## IPFS gateway</c>):
/// <c>GET|HEAD /ipfs/{cid}[/path]</c> answering the file bytes (Range), <c>?format=raw</c> (one block) or
/// <c>?format=car</c> (CARv1, dag-scope, entity-bytes), and <c>GET /ipfs-map/b3/{addr}</c> (the CID of a stored object).
/// Blocks are derived from overlay objects on demand; the CID ↔ b3 mapping comes from an <see cref="ICidMap"/>.
/// </summary>
public sealed class IpfsGateway
{
    /// <summary>Creates a gateway.</summary>
    /// <param name="content">The content store, or null while it is not open (requests get 503).</param>
    /// <param name="map">The CID map, or null while it is not open.</param>
    /// <param name="options">Bounds.</param>
    public IpfsGateway(Func<IContentStore?> content, Func<ICidMap?> map, IpfsGatewayOptions? options = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        Map = map ?? throw new ArgumentNullException(nameof(map));
        Options = (options ?? IpfsGatewayOptions.Default).Validate();
        Cache = new BlockIndexCache(Options.CachedObjects);
    }

    /// <summary>The bounds in force.</summary>
    public IpfsGatewayOptions Options { get; }

    /// <summary>The block-index cache.</summary>
    public BlockIndexCache Cache { get; }

    internal Func<IContentStore?> Content { get; }

    internal Func<ICidMap?> Map { get; }

    /// <summary>True for the paths the gateway serves (<c>/ipfs/...</c>, <c>/ipfs-map/...</c>).</summary>
    public static bool IsGatewayPath(PathString path) =>
        path.StartsWithSegments("/ipfs", StringComparison.Ordinal) || path.StartsWithSegments("/ipfs-map", StringComparison.Ordinal);

    /// <summary>
    /// Maps the gateway's endpoints, served only on connections to <paramref name="gatewayPort"/> (evaluated per
    /// request, so a port bound as 0 can be resolved after start): gateway paths on other ports, and other paths on the
    /// gateway port, get 404.
    /// </summary>
    public void MapTo(WebApplication app, Func<int> gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(gatewayPort);
        app.Use((ctx, next) =>
        {
            if ((ctx.Connection.LocalPort == gatewayPort()) != IsGatewayPath(ctx.Request.Path))
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(ctx);
        });
        MapEndpoints(app);
    }

    /// <summary>Maps the endpoints on every port of <paramref name="routes"/> (for a dedicated host or a test server).</summary>
    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = new IpfsGatewayHandler(this);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        routes.MapMethods("/ipfs/{cid}", methods, (HttpContext ctx, string cid) => handler.ServeAsync(ctx, cid, null));
        routes.MapMethods("/ipfs/{cid}/{**path}", methods, (HttpContext ctx, string cid, string? path) => handler.ServeAsync(ctx, cid, path));
        routes.MapGet("/ipfs-map/b3/{addr}", (HttpContext ctx, string addr) => handler.MapByAddrAsync(ctx, addr));
    }
}
