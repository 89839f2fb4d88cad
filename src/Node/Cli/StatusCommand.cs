using System.CommandLine;
using System.Text.Json;

namespace RustyOnions.Node.Cli;

/// <summary>`ron status`: HELLO over OAP/1 plus the admin /readyz summary (incl. tor and the onion address).</summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var admin = new Option<string?>("--admin") { Description = "the node's admin base URL (default: RON_ADMIN_URL or http://127.0.0.1:9096/)" };
        var status = new Command("status", "node version, PeerId, transports, readiness and onion address") { admin };
        status.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var h = await client.HelloAsync(ct).ConfigureAwait(false);
            var banner = Legal.LegalBanner.FromHello(await client.HelloJsonAsync(ct).ConfigureAwait(false));
            var adminUrl = parse.GetValue(admin) ?? Environment.GetEnvironmentVariable("RON_ADMIN_URL") ?? "http://127.0.0.1:9096/";
            var (ready, readyz) = await ReadyzAsync(adminUrl, ct).ConfigureAwait(false);
            var tor = readyz is { } r && r.TryGetProperty("tor", out var t) ? t : (JsonElement?)null;
            // HELLO carries the onion once published (also over tor://, where the admin URL is often unreachable).
            var onion = h.Onion ?? (tor is { } tt && tt.TryGetProperty("onion", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null);
            var s3 = await S3.S3Status.FetchAsync(adminUrl, ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object?>
                {
                    ["server_version"] = h.ServerVersion, ["peer_id"] = h.PeerId, ["transports"] = h.Transports,
                    ["node"] = client.Opts.Node.ToString(), ["ready"] = ready, ["readyz"] = readyz, ["onion"] = onion, ["s3"] = s3 ?? "off",
                    ["legal"] = banner?.ToDictionary() ?? [],
                });
            }
            else
            {
                Console.WriteLine($"{h.ServerVersion} peer {h.PeerId}; transports {string.Join(",", h.Transports)}");
                Console.WriteLine($"ready: {(ready ? "yes" : "no")}" + (readyz is { } rz && rz.TryGetProperty("reason", out var why) ? $" ({why.GetString()})" : string.Empty));
                if (tor is { } ts)
                {
                    Console.WriteLine($"tor: {ts.GetProperty("state").GetString()}, bootstrap {ts.GetProperty("bootstrap").GetInt32()} %"
                        + (ts.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String ? $", error: {err.GetString()}" : string.Empty));
                }

                if (onion is not null)
                {
                    Console.WriteLine($"onion: {onion}");
                }

                Console.WriteLine($"s3: {s3 ?? "off"}");
                Console.Write(banner?.ToText() ?? string.Empty);
            }

            return ready ? 0 : 4;
        }));
        return status;
    }

    private static async Task<(bool Ready, JsonElement? Body)> ReadyzAsync(string adminUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(adminUrl), "readyz"), ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(text);
            return (response.IsSuccessStatusCode, doc.RootElement.Clone());
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return (false, JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = $"admin endpoint {adminUrl} unreachable: {e.Message}" }));
        }
    }
}
