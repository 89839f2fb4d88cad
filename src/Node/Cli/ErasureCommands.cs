using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace RustyOnions.Node.Cli;

/// <summary>`ron scrub` and `ron repair ADDR`: drive a running node's scrub and repair through its admin HTTP.</summary>
internal static class ErasureCommands
{
    public static IEnumerable<Command> Build()
    {
        var admin = new Option<string?>("--admin") { Description = "the node's admin URL (default RON_ADMIN_URL or http://127.0.0.1:9096/)" };
        var scrub = new Command("scrub", "verify every shard the node holds now; corrupt shards are removed for repair") { admin };
        scrub.SetAction((parse, ct) => PostAsync(parse, admin, "scrub", "scrub", body =>
            $"verified {Num(body, "verified")} shards ({Num(body, "bytes")} bytes), {Num(body, "corrupt")} corrupt", ct));
        yield return scrub;

        var addr = new Argument<string>("ADDR") { Description = "the erasure-coded object (b3:...)" };
        var repairAdmin = new Option<string?>("--admin") { Description = admin.Description };
        var repair = new Command("repair", "restore an erasure-coded object to full redundancy, regenerating only missing shards") { addr, repairAdmin };
        repair.SetAction((parse, ct) => PostAsync(parse, repairAdmin, "repair/" + Uri.EscapeDataString(parse.GetValue(addr)!), "repair", body =>
            $"{body.GetProperty("addr").GetString()}: {Num(body, "segments")} segments, {Num(body, "shards_missing")} shards missing, {Num(body, "shards_repaired")} repaired, {Num(body, "bytes_read")} bytes read, {Num(body, "bytes_written")} written, {Num(body, "segments_lost")} segments lost", ct));
        yield return repair;
    }

    private static string Num(JsonElement e, string name) => e.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static async Task<int> PostAsync(ParseResult parse, Option<string?> admin, string path, string what, Func<JsonElement, string> summary, CancellationToken ct)
    {
        var url = parse.GetValue(admin) ?? Environment.GetEnvironmentVariable("RON_ADMIN_URL") ?? "http://127.0.0.1:9096/";
        var json = parse.GetValue(GlobalOptions.Json);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            using var response = await http.PostAsync(new Uri(new Uri(url.EndsWith('/') ? url : url + "/"), path), content: null, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                if (json)
                {
                    Console.WriteLine(body);
                }
                else
                {
                    var code = doc.RootElement.TryGetProperty("code", out var c) ? c.GetString() : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() : body;
                    Console.Error.WriteLine($"ron: {what} failed: {code}: {message}");
                }

                return 1;
            }

            Console.WriteLine(json ? body : summary(doc.RootElement));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException or KeyNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ron: {what} via {url} failed: {e.Message}");
            return 1;
        }
    }
}
