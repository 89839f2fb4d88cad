using System.CommandLine;
using System.Text;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Cli;

/// <summary>hello, echo, put, get, stat.</summary>
internal static class ClientCommands
{
    public static IEnumerable<Command> Build()
    {
        var hello = new Command("hello", "say HELLO and print the node's version, limits and PeerId");
        hello.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var h = await client.HelloAsync(ct).ConfigureAwait(false);
            var banner = Legal.LegalBanner.FromHello(await client.HelloJsonAsync(ct).ConfigureAwait(false));
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object?>
                {
                    ["server_version"] = h.ServerVersion, ["max_frame"] = h.MaxFrame, ["max_inflight"] = h.MaxInflight,
                    ["supported_flags"] = h.SupportedFlags, ["oap_versions"] = h.OapVersions, ["transports"] = h.Transports, ["peer_id"] = h.PeerId,
                    ["legal"] = banner?.ToDictionary() ?? [],
                    ["onion"] = h.Onion,
                });
            }
            else
            {
                Console.WriteLine($"{h.ServerVersion} peer {h.PeerId}; max_frame {h.MaxFrame}, max_inflight {h.MaxInflight}, transports {string.Join(",", h.Transports)}"
                    + (h.Onion is { } onion ? $"; onion {onion}" : string.Empty));
                Console.Write(banner?.ToText() ?? string.Empty);
            }

            return 0;
        }));

        var text = new Argument<string>("text") { Description = "text to echo" };
        var echo = new Command("echo", "send text to the echo service") { text };
        echo.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var back = Encoding.UTF8.GetString(await client.EchoAsync(Encoding.UTF8.GetBytes(parse.GetValue(text)!), ct).ConfigureAwait(false));
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["echo"] = back });
            }
            else
            {
                Console.WriteLine(back);
            }

            return 0;
        }));

        var statAddr = new Argument<string>("addr") { Description = "b3:<hex>" };
        var stat = new Command("stat", "does the node hold an object?") { statAddr };
        stat.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var s = await client.StatAsync(ContentId.Parse(parse.GetValue(statAddr)!), ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object?> { ["addr"] = s.Addr.ToString(), ["exists"] = s.Exists, ["size"] = s.Size });
            }
            else
            {
                Console.WriteLine(s.Exists ? $"{s.Addr} {s.Size} bytes" : $"{s.Addr} not held");
            }

            return s.Exists ? 0 : 3;
        }));

        return [hello, echo, TransferCommands.Put(), TransferCommands.Get(), stat, StatusCommand.Build()];
    }
}
