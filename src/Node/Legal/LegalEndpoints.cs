using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Index.Mapping;
using RustyOnions.Node.Auth;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Legal;

/// <summary>
/// The HTTP side of src/Node/Auth and src/Node/Legal: the banner at the admin root and the gateways'
/// roots, and on the IPFS gateway the bearer capability (<c>storage.get</c> for /ipfs, <c>storage.stat</c>
/// for /ipfs-map) and the denylist (via the CID ↔ b3 map). Errors are the OAP/1 JSON envelope.
/// </summary>
internal static class LegalEndpoints
{
    /// <summary>Connection marker the S3 endpoint sets (S3Endpoint.Marker).</summary>
    private const string S3Marker = "ron.s3";

    public static void Map(WebApplication app, AccessGate gate, string peerId, Func<int> ipfsPort, Func<ICidMap?> cidMap)
    {
        app.MapGet("/", () => Results.Json(Root(gate, peerId, "admin")));
        app.Use(async (ctx, next) =>
        {
            var onS3 = ctx.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(S3Marker) == true;
            var onIpfs = !onS3 && ctx.Connection.LocalPort == ipfsPort();
            if ((onS3 || onIpfs) && ctx.Request.Path == "/" && HttpMethods.IsGet(ctx.Request.Method)
                && !(onS3 && (gate.Banner.IsEmpty || ctx.Request.Headers.Authorization.Count > 0 || ctx.Request.QueryString.HasValue)))
            {
                // On S3, a signed GET / is ListBuckets; only an anonymous one (which S3 refuses with AccessDenied)
                // shows the banner, and only when one is configured, so S3 clients of a banner-less node see S3 as ever.
                await Results.Json(Root(gate, peerId, onS3 ? "s3" : "ipfs")).ExecuteAsync(ctx).ConfigureAwait(false);
                return;
            }

            if (onIpfs && await IpfsRefusalAsync(ctx, gate, cidMap()).ConfigureAwait(false) is { } refusal)
            {
                await WriteAsync(ctx, refusal).ConfigureAwait(false);
                return;
            }

            await next(ctx).ConfigureAwait(false);
        });
    }

    private static Dictionary<string, object> Root(AccessGate gate, string peerId, string surface) => new()
    {
        ["node"] = Hosting.NodeHost.Version,
        ["peer_id"] = peerId,
        ["surface"] = surface,
        ["auth"] = gate.Required ? "required" : "off",
        ["legal"] = gate.Banner.ToDictionary(),
    };

    private static async Task<OapServiceException?> IpfsRefusalAsync(HttpContext ctx, AccessGate gate, ICidMap? map)
    {
        var path = ctx.Request.Path;
        var isMap = path.StartsWithSegments("/ipfs-map", StringComparison.Ordinal);
        if (!isMap && !path.StartsWithSegments("/ipfs", StringComparison.Ordinal))
        {
            return null;
        }

        var verdict = gate.CheckBearer(ctx.Request.Headers.Authorization, OapAppId.Storage, isMap ? "stat" : "get");
        if (!verdict.Ok)
        {
            return AccessGate.Refusal(verdict);
        }

        if (isMap || gate.Denylist.Count == 0 || map is null)
        {
            return null;
        }

        var segments = path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !Cid.TryParse(segments[1], out var cid, out _))
        {
            return null; // the gateway answers 400 itself
        }

        var entry = await map.TryGetByBlockAsync(cid!.ToV1().BytesMemory, ctx.RequestAborted).ConfigureAwait(false);
        return entry is not null && gate.Denylist.IsDenied(entry.Addr) ? gate.Unavailable(entry.Addr.ToString()) : null;
    }

    private static async Task WriteAsync(HttpContext ctx, OapServiceException e)
    {
        ctx.Response.StatusCode = e.Status;
        ctx.Response.ContentType = "application/json";
        if (e.Status == OapStatus.Unauthenticated)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"ron\"";
        }

        var body = new OapErrorEnvelope(e.Code, e.Message, e.Retryable, 0, e.RetryAfterMs, e.Reason).ToUtf8();
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
