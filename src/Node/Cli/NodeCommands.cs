using System.CommandLine;
using RustyOnions.Node.Config;
using RustyOnions.Node.Hosting;
using RustyOnions.Node.Tor;

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
        var bootstrap = new Option<string?>("--bootstrap") { Description = "comma-separated peer addresses to join (tls://host:port[#peerid]); RON_BOOTSTRAP" };
        var replication = new Option<string?>("--replication") { Description = "copies per object R (default 3); RON_REPLICATION" };
        var quorum = new Option<string?>("--write-quorum") { Description = "durable copies before a PUT is answered W (default 2); RON_WRITE_QUORUM" };
                var ipfsGateway = new Option<string?>("--ipfs-gateway") { Description = "trustless IPFS gateway listen ip:port, or off (default 127.0.0.1:8080); RON_IPFS_GATEWAY_ADDR" };
        var amnesia = new Option<bool>("--amnesia") { Description = "memory-only node: nothing written to disk, ephemeral identity; RON_AMNESIA=1" };
        var policy = new Option<string?>("--policy") { Description = "policy file (quotas, byte budgets, storage caps), hot-reloaded; RON_POLICY" };
        var run = new Command("run", "run a node in the foreground until Ctrl-C") { data, config, oap, admin, bootstrap, replication, quorum, ipfsGateway, amnesia, policy };
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
                    ["bootstrap"] = parse.GetValue(bootstrap),
                    ["replication_factor"] = parse.GetValue(replication),
                    ["write_quorum"] = parse.GetValue(quorum),
                    ["ipfs_gateway_listen"] = parse.GetValue(ipfsGateway),
                    ["amnesia"] = parse.GetValue(amnesia) ? "1" : null,
                    ["policy_file"] = parse.GetValue(policy),
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
                var listening = new Dictionary<string, object>
                {
                    ["event"] = "listening",
                    ["peer_id"] = host.PeerId.ToString(),
                    ["oap"] = host.OapAddress.ToString(),
                    ["admin"] = host.AdminUri.ToString(),
                    ["data_dir"] = opts.DataDir,
                    ["transports"] = opts.Tor.Transports,
                    ["s3"] = host.S3Uri?.ToString() ?? "off",
                    ["amnesia"] = opts.Amnesia,
                };
                if (host.IpfsGatewayUri is { } gatewayUri)
                {
                    listening["ipfs_gateway"] = gatewayUri.ToString();
                }

                CliOutput.Json(listening);
                if (host.Tor is { } tor)
                {
                    // Printed once the onion descriptor is uploaded; may come before or after "ready".
                    _ = tor.FirstPublished.ContinueWith(
                        t => CliOutput.Json(new Dictionary<string, object> { ["event"] = "onion", ["onion"] = t.Result.ToString() }),
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnRanToCompletion,
                        TaskScheduler.Default);
                }

                await host.Stores.Opened.WaitAsync(ct).ConfigureAwait(false);
                CliOutput.Json(new Dictionary<string, object> { ["event"] = "ready", ["objects"] = host.Stores.Content.ObjectCount });
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
                return 0;
            }
            catch (NodeTorException e) when (opts.Tor.HideIp)
            {
                Console.Error.WriteLine($"ron: privacy mode (hide_ip) refuses to start without tor: {e.Message}");
                return 1;
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
