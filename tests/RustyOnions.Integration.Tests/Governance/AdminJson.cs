using System.Text.Json;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>Reads admin JSON endpoints (/usage, /readyz).</summary>
internal static class AdminJson
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<(int Status, JsonElement Body)> GetAsync(Uri admin, string path)
    {
        using var r = await Http.GetAsync(new Uri(admin, path)).ConfigureAwait(false);
        var text = await r.Content.ReadAsStringAsync().ConfigureAwait(false);
        using var doc = JsonDocument.Parse(text);
        return ((int)r.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>The /usage entry of <paramref name="tenant"/>, or null.</summary>
    public static async Task<JsonElement?> TenantAsync(Uri admin, string tenant)
    {
        var (_, body) = await GetAsync(admin, "usage?tenant=" + tenant).ConfigureAwait(false);
        foreach (var t in body.GetProperty("tenants").EnumerateArray())
        {
            return t;
        }

        return null;
    }

    public static long Requests(JsonElement tenant, string op) =>
        tenant.GetProperty("requests").TryGetProperty(op, out var n) ? n.GetInt64() : 0;
}
