using System.Globalization;
using Prometheus;
using RustyOnions.Node.Metrics;

namespace RustyOnions.Node.Accounting;

/// <summary>
/// Per-tenant gauges on /metrics, refreshed from the ledger at scrape time (the request path never
/// touches Prometheus for accounting): <c>ron_tenant_requests_total{tenant,op}</c>,
/// <c>ron_tenant_bytes_in_total</c>, <c>ron_tenant_bytes_out_total</c>, <c>ron_tenant_stored_bytes</c>,
/// <c>ron_tenant_mailbox_messages_total</c>, <c>ron_tenant_day_bytes</c> (all <c>{tenant}</c>), and
/// <c>ron_accounting_flushes_total</c>.
/// </summary>
internal static class UsageMetrics
{
    public static void Register(NodeMetrics node, UsageLedger ledger)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(node.Registry);
        var requests = f.CreateGauge("ron_tenant_requests_total", "Requests by tenant and op (app protocol), persisted across restarts.", "tenant", "op");
        var bytesIn = f.CreateGauge("ron_tenant_bytes_in_total", "Bytes stored by PUT, by tenant.", "tenant");
        var bytesOut = f.CreateGauge("ron_tenant_bytes_out_total", "Bytes served by GET, by tenant.", "tenant");
        var stored = f.CreateGauge("ron_tenant_stored_bytes", "Bytes of objects the tenant stored.", "tenant");
        var mailbox = f.CreateGauge("ron_tenant_mailbox_messages_total", "Mailbox messages sent, by tenant.", "tenant");
        var day = f.CreateGauge("ron_tenant_day_bytes", "Bytes in plus out today (UTC), the daily budget's meter, by tenant.", "tenant");
        var flushes = f.CreateGauge("ron_accounting_flushes_total", "Accounting batches written to accounting.db.");
        node.Registry.AddBeforeCollectCallback(() =>
        {
            var today = ledger.Today;
            foreach (var t in ledger.Tenants)
            {
                var label = t.Tenant.ToString(CultureInfo.InvariantCulture);
                foreach (var (op, n) in t.Requests)
                {
                    requests.WithLabels(label, op).Set(n);
                }

                bytesIn.WithLabels(label).Set(t.BytesIn);
                bytesOut.WithLabels(label).Set(t.BytesOut);
                stored.WithLabels(label).Set(t.StoredBytes);
                mailbox.WithLabels(label).Set(t.MailboxMessages);
                day.WithLabels(label).Set(t.BytesOnDay(today));
            }

            flushes.Set(ledger.Flushes);
        });
    }
}
