using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RustyOnions.Node.Accounting;

/// <summary>Admin <c>GET /usage[?tenant=T]</c>: the ledger as JSON (specs/policy.md §2).</summary>
internal static class UsageEndpoint
{
    public static void Map(WebApplication app, UsageLedger ledger)
    {
        app.MapGet("/usage", (HttpContext context) =>
        {
            var filter = context.Request.Query["tenant"].ToString();
            UInt128? only = null;
            if (filter.Length > 0)
            {
                if (!UInt128.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return Results.Json(new Dictionary<string, object> { ["code"] = "BAD_REQUEST", ["message"] = $"tenant '{filter}' is not a decimal tenant id (0..2^128-1)" }, statusCode: StatusCodes.Status400BadRequest);
                }

                only = t;
            }

            var today = ledger.Today;
            var list = new List<Dictionary<string, object>>();
            foreach (var u in ledger.Tenants.OrderBy(u => u.Tenant))
            {
                if (only is { } o && u.Tenant != o)
                {
                    continue;
                }

                list.Add(ToJson(u, today));
            }

            return Results.Json(new Dictionary<string, object> { ["day"] = today, ["flushes"] = ledger.Flushes, ["tenants"] = list });
        });
    }

    private static Dictionary<string, object> ToJson(TenantUsage u, long today) => new()
    {
        ["tenant"] = u.Tenant.ToString(CultureInfo.InvariantCulture),
        ["requests"] = u.Requests.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        ["bytes_in"] = u.BytesIn,
        ["bytes_out"] = u.BytesOut,
        ["stored_bytes"] = u.StoredBytes,
        ["mailbox_messages"] = u.MailboxMessages,
        ["day_bytes"] = u.BytesOnDay(today),
    };
}
