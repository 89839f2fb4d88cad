using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace RustyOnions.Node.Cli;

/// <summary>`ron peers`: the peers a node knows, with address, state and RTT (from its admin /peers).</summary>
internal static class PeersCommand
{
    public static Command Build()
    {
        var admin = new Option<string?>("--admin") { Description = "the node's admin URL (default RON_ADMIN_URL or http://127.0.0.1:9096/)" };
        var command = new Command("peers", "list the peers a node knows: address, state, RTT") { admin };
        command.SetAction(async (parse, ct) =>
        {
            var url = parse.GetValue(admin) ?? Environment.GetEnvironmentVariable("RON_ADMIN_URL") ?? "http://127.0.0.1:9096/";
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var body = await http.GetStringAsync(new Uri(new Uri(url.EndsWith('/') ? url : url + "/"), "peers"), ct).ConfigureAwait(false);
                if (parse.GetValue(GlobalOptions.Json))
                {
                    Console.WriteLine(body);
                    return 0;
                }

                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                Console.WriteLine($"self {root.GetProperty("peer_id").GetString()} at {root.GetProperty("self").GetString()}");
                Console.WriteLine($"{"PEER",-16} {"STATE",-8} {"RTT_MS",8}  ADDRESS");
                foreach (var p in root.GetProperty("peers").EnumerateArray())
                {
                    var rtt = p.GetProperty("rtt_ms").ValueKind == JsonValueKind.Number ? p.GetProperty("rtt_ms").GetDouble().ToString("0.00", CultureInfo.InvariantCulture) : "-";
                    var addr = p.GetProperty("addr").GetString()!;
                    Console.WriteLine($"{p.GetProperty("peer_id").GetString()![..16],-16} {p.GetProperty("state").GetString(),-8} {rtt,8}  {addr[..addr.IndexOf('#', StringComparison.Ordinal)]}");
                }

                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
            {
                Console.Error.WriteLine($"ron: cannot list peers from {url}: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
