using System.CommandLine;
using System.Text.Json;

namespace RustyOnions.Node.Cli;

/// <summary>`ron usage [--tenant T] [--json]`: per-tenant usage from a running node's admin /usage.</summary>
internal static class UsageCommand
{
    public static Command Build()
    {
        var admin = new Option<string?>("--admin") { Description = "the node's admin URL (default RON_ADMIN_URL or http://127.0.0.1:9096/)" };
        var tenant = new Option<string?>("--tenant") { Description = "only this tenant (decimal id)" };
        var command = new Command("usage", "per-tenant usage: requests by op, bytes in/out, stored bytes, mailbox messages") { admin, tenant };
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            var url = parse.GetValue(admin) ?? Environment.GetEnvironmentVariable("RON_ADMIN_URL") ?? "http://127.0.0.1:9096/";
            try
            {
                var t = parse.GetValue(tenant);
                var path = t is null ? "usage" : "usage?tenant=" + Uri.EscapeDataString(t);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var response = await http.GetAsync(new Uri(new Uri(url.EndsWith('/') ? url : url + "/"), path), ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(body);
                if (!response.IsSuccessStatusCode)
                {
                    var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() : body;
                    throw new ArgumentException(message);
                }

                if (json)
                {
                    Console.WriteLine(body);
                    return 0;
                }

                Console.WriteLine($"{"TENANT",-40} {"REQUESTS",9} {"BYTES_IN",14} {"BYTES_OUT",14} {"STORED",14} {"MAILBOX",9}  BY OP");
                foreach (var u in doc.RootElement.GetProperty("tenants").EnumerateArray())
                {
                    long total = 0;
                    var ops = new List<string>();
                    foreach (var op in u.GetProperty("requests").EnumerateObject())
                    {
                        total += op.Value.GetInt64();
                        ops.Add($"{op.Name}={op.Value.GetInt64()}");
                    }

                    Console.WriteLine($"{u.GetProperty("tenant").GetString(),-40} {total,9} {u.GetProperty("bytes_in").GetInt64(),14} {u.GetProperty("bytes_out").GetInt64(),14} {u.GetProperty("stored_bytes").GetInt64(),14} {u.GetProperty("mailbox_messages").GetInt64(),9}  {string.Join(' ', ops)}");
                }

                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
            {
                return CliOutput.Error(new IOException($"cannot read usage from {url}: {e.Message}", e), json);
            }
            catch (ArgumentException e)
            {
                return CliOutput.Error(e, json);
            }
        });
        return command;
    }
}
