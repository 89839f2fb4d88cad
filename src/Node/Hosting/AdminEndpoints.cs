using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Metrics;

namespace RustyOnions.Node.Hosting;

/// <summary>Admin HTTP: /healthz (alive), /readyz (accepting work), /metrics (Prometheus).</summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, NodeStores stores, NodeMetrics metrics, AdmissionControl admission)
    {
        app.MapGet("/healthz", () => Results.Json(new Dictionary<string, object> { ["status"] = "ok" }));
        app.MapGet("/readyz", () =>
        {
            var reason = stores.NotReadyReason ?? admission.NotReadyReason;
            return reason is null
                ? Results.Json(new Dictionary<string, object> { ["ready"] = true })
                : Results.Json(new Dictionary<string, object> { ["ready"] = false, ["reason"] = reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
