using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Metrics;

namespace RustyOnions.Node.Hosting;

/// <summary>Admin HTTP: /healthz (alive), /readyz (accepting work), /metrics (Prometheus).</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, NodeStores stores, NodeMetrics metrics, AdmissionControl admission, Func<Tor.NodeTorStatus?>? tor = null, bool torRequired = false, Policy.PolicyState? policy = null)
    {
        app.MapGet("/healthz", () => Results.Json(new Dictionary<string, object> { ["status"] = "ok" }));
        app.MapGet("/readyz", () =>
        {
            var reason = stores.NotReadyReason ?? admission.NotReadyReason ?? policy?.NotReadyReason;
            var torStatus = tor?.Invoke();
            if (reason is null && torRequired && torStatus is not { IsPublished: true })
            {
                // transports=tor: the node is reachable only once its onion service is published.
                reason = "tor_not_published: " + (torStatus?.Error ?? torStatus?.State ?? "starting");
            }

            var body = new Dictionary<string, object?> { ["ready"] = reason is null };
            if (reason is not null)
            {
                body["reason"] = reason;
            }

            if (policy?.File is not null)
            {
                body["policy"] = policy.ToJson();
            }

            if (torStatus is not null)
            {
                body["tor"] = torStatus.ToJson();
            }

            return Results.Json(body, statusCode: reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
