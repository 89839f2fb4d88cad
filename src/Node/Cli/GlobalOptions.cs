using System.CommandLine;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli;

/// <summary>Options every client command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Node = new("--node") { Description = "node address, e.g. tls://127.0.0.1:9443#<peerid> (default: RON_NODE_URL or tls://127.0.0.1:9443)", Recursive = true };

    public static readonly Option<bool> Json = new("--json") { Description = "print one JSON document, no progress", Recursive = true };

    public static RonClientOpts ClientOpts(ParseResult parse) => RonClientOpts.FromEnvironment(parse.GetValue(Node));

    /// <summary>Runs a client action with uniform error reporting.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<RonClient, bool, Task<int>> action)
    {
        var json = parse.GetValue(Json);
        try
        {
            await using var client = await RonClient.ConnectAsync(ClientOpts(parse), ct).ConfigureAwait(false);
            return await action(client, json).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return CliOutput.Error(e, json);
        }
    }
}
