using System.CommandLine;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;

namespace RustyOnions.Node.Cli;

/// <summary>`ron node run`: start a node on embedded defaults, overridable by file, RON_* and flags.</summary>
internal static class NodeCommands
{
    public static Command Build()
    {
        var data = new Option<string?>("--data") { Description = "data directory (identity, store, mailbox); RON_DATA_DIR" };
        var config = new Option<string?>("--config") { Description = "JSON config file; RON_* variables and flags override it" };
        var oap = new Option<string?>("--oap") { Description = "OAP/1 TLS listen ip:port (default 127.0.0.1:9443); RON_OAP_ADDR" };
        var admin = new Option<string?>("--admin") { Description = "admin HTTP listen ip:port (default 127.0.0.1:9096); RON_ADMIN_ADDR" };
        var run = new Command("run", "run a node in the foreground until Ctrl-C") { data, config, oap, admin };
        run.SetAction(async (parse, ct) =>
        {
            NodeOpts opts;
            try
            {
                opts = NodeConfigLoader.Load(parse.GetValue(config), new Dictionary<string, string?>
                {
                    ["data_dir"] = parse.GetValue(data),
                    ["oap_listen"] = parse.GetValue(oap),
                    ["admin_listen"] = parse.GetValue(admin),
                });
            }
            catch (NodeConfigException e)
            {
                Console.Error.WriteLine("ron: " + e.Message);
                return 2;
            }

            try
            {
                await using var host = await NodeHost.StartAsync(opts, ct: ct).ConfigureAwait(false);
                CliOutput.Json(new Dictionary<string, object>
                {
                    ["event"] = "listening",
                    ["peer_id"] = host.PeerId.ToString(),
                    ["oap"] = host.OapAddress.ToString(),
                    ["admin"] = host.AdminUri.ToString(),
                    ["data_dir"] = opts.DataDir,
                    ["s3"] = host.S3Uri?.ToString() ?? "off",
                });
                await host.Stores.Opened.WaitAsync(ct).ConfigureAwait(false);
                CliOutput.Json(new Dictionary<string, object> { ["event"] = "ready", ["objects"] = host.Stores.Content.ObjectCount });
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
                return 0;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"ron: cannot start the node: {e.Message}");
                return 1;
            }
        });
        return new Command("node", "run and manage a node") { run };
    }
}
