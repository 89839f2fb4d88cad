using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RustyOnions.Bridges.S3;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;

namespace RustyOnions.Node.S3;

/// <summary>Wiring of the S3 gateway into the node's Kestrel host: its own listener, its own pipeline branch.</summary>
internal sealed partial class S3Endpoint : IAsyncDisposable
{
    private const string Marker = "ron.s3";
    private readonly S3NodeBacking _backing;
    private readonly S3GatewayOptions _options;
    private ListenOptions? _listen;
    private S3Gateway? _gateway;

    private S3Endpoint(NodeStores stores, S3GatewayOptions options)
    {
        _backing = new S3NodeBacking(stores);
        _options = options;
    }

    /// <summary>The bound endpoint, once listening.</summary>
    public IPEndPoint? EndPoint => _listen?.IPEndPoint;

    /// <summary>Creates the endpoint when <c>s3_listen</c> is not off.</summary>
    public static S3Endpoint? Create(NodeOpts opts, NodeStores stores, Func<RustyOnions.Proto.Content.ContentId, bool>? denied = null) =>
        opts.S3Listen is null ? null : new S3Endpoint(stores, new S3GatewayOptions
        {
            Region = opts.S3Region,
            AccessKeys = S3AccessKey.ParseList(opts.S3AccessKeys),
            CanonicalHost = opts.S3CanonicalHost,
            MaxObjectBytes = opts.MaxObjectBytes,
            IsDenied = denied,
            AnonymousReadBuckets = S3AnonymousRead.Parse(opts.S3AnonymousRead),
        });

    /// <summary>Adds the HTTP/1.1 listener.</summary>
    public void Listen(KestrelServerOptions k, IPEndPoint at) => k.Listen(at, lo =>
    {
        _listen = lo;
        lo.Protocols = HttpProtocols.Http1;

        // Mark the connection so the pipeline can branch even when the port was 0 (ephemeral).
        lo.Use(next => connection =>
        {
            connection.Items[Marker] = Marker;
            return next(connection);
        });
    });

    /// <summary>Routes requests that arrive on the S3 port to the gateway.</summary>
    public void Map(WebApplication app, ILogger log)
    {
        var admission = new S3NodeAdmission(app.Services.GetRequiredService<RustyOnions.Node.Admission.AdmissionControl>());
        _gateway = new S3Gateway(_options, _backing, log, admission: admission);
        app.UseWhen(ctx => ctx.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Marker) == true, branch => branch.Run(_gateway.HandleAsync));

        // Admin view (any non-S3 port): the bound endpoint, also when s3_listen asked for port 0.
        app.MapGet("/s3", () => Results.Json(new Dictionary<string, object?>
        {
            ["listen"] = EndPoint is { } ep ? $"http://{(ep.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ep.Address}]" : ep.Address.ToString())}:{ep.Port}/" : null,
            ["region"] = _options.Region,
            ["anonymous_read"] = _options.AnonymousReadBuckets.Order(StringComparer.Ordinal).ToArray(),
        }));
    }

    /// <summary>Opens the gateway's stores in the background (the content store opens with the node's).</summary>
    public async Task OpenAsync(string? dataDir, ILogger log)
    {
        try
        {
            await _backing.OpenAsync(dataDir, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or global::RustyOnions.Index.IndexException)
        {
            LogOpenFailed(log, e);
        }
    }

    public ValueTask DisposeAsync() => _backing.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Critical, Message = "opening the S3 gateway stores failed; S3 requests answer 503")]
    private static partial void LogOpenFailed(ILogger log, Exception e);
}
