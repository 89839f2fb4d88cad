using System.CommandLine;
using System.Text.Json;
using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.Interop;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Cli;

/// <summary>`ron ipfs cid|import|export`: the IPFS bridge from the command line (spec: specs/bridges.md ## IPFS gateway).</summary>
internal static class IpfsCommands
{
    private static readonly Option<string?> Api = new("--api") { Description = "Kubo-compatible RPC API of an IPFS node, e.g. http://127.0.0.1:5001" };
    private static readonly Option<string?> Gateway = new("--gateway") { Description = "trustless gateway base URL" };

    public static Command Build()
    {
        var what = new Argument<string>("file-or-addr") { Description = "a local file (CID computed here) or b3:<hex> (asked from the node's gateway /ipfs-map)" };
        var cid = new Command("cid", "print the CIDv1 (ipfs add --cid-version=1) of a file or stored object") { what, Gateway };
        cid.SetAction((parse, ct) => Run(parse, async json =>
        {
            var arg = parse.GetValue(what)!;
            string text;
            if (ContentId.TryParse(arg, out var addr, out _))
            {
                using var http = new HttpClient { BaseAddress = GatewayUri(parse) };
                using var response = await http.GetAsync($"ipfs-map/b3/{addr}", ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new IpfsPeerException($"gateway answered HTTP {(int)response.StatusCode}: {body.Trim()}");
                }

                using var doc = JsonDocument.Parse(body);
                text = doc.RootElement.GetProperty("cid").GetString()!;
            }
            else
            {
                await using var file = File.OpenRead(arg);
                text = (await UnixFsImporter.ImportAsync(file, cancellationToken: ct).ConfigureAwait(false)).Root.ToString();
            }

            Print(json, new() { ["cid"] = text }, text);
            return 0;
        }));

        var importCid = new Argument<string>("cid") { Description = "the file's CID" };
        var import = new Command("import", "fetch a file from an IPFS node (--api) or trustless gateway (--gateway), verify every block, store it on the node") { importCid, Api, Gateway };
        import.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var root = Cid.Parse(parse.GetValue(importCid)!);
            using var peer = Peer(parse);
            var temp = Path.Combine(Path.GetTempPath(), $"ron-ipfs-import-{Guid.NewGuid():N}");
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    var size = await IpfsImport.FetchVerifiedAsync(peer, root, file, 8L << 30, ct).ConfigureAwait(false);
                    file.Position = 0;
                    var local = (await UnixFsImporter.ImportAsync(file, cancellationToken: ct).ConfigureAwait(false)).Root;
                    file.Position = 0;
                    var put = await client.PutAsync(file, null, null, ct).ConfigureAwait(false);
                    var same = local.Equals(root.ToV1());
                    Print(json, new() { ["cid"] = root.ToV1().ToString(), ["addr"] = put.Addr.ToString(), ["size"] = size, ["gateway_cid"] = local.ToString(), ["same_layout"] = same },
                        $"{root.ToV1()} -> {put.Addr} ({size} bytes)" + (same ? string.Empty : $"; its DAG layout differs from ipfs add --cid-version=1: the gateway serves it as {local}"));
                }

                return 0;
            }
            finally
            {
                File.Delete(temp);
            }
        }));

        var exportAddr = new Argument<string>("addr") { Description = "b3:<hex> of a stored object" };
        var export = new Command("export", "push a stored object to an IPFS node (RPC add) and check the node reports the same CID") { exportAddr, Api };
        export.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var addr = ContentId.Parse(parse.GetValue(exportAddr)!);
            using var peer = IpfsPeerClient.ForRpc(new Uri(parse.GetValue(Api) ?? throw new ArgumentException("--api URL is required")));
            var temp = Path.Combine(Path.GetTempPath(), $"ron-ipfs-export-{Guid.NewGuid():N}");
            try
            {
                await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                var size = await client.GetAsync(addr, file, 0, null, null, ct).ConfigureAwait(false);
                file.Position = 0;
                var local = (await UnixFsImporter.ImportAsync(file, cancellationToken: ct).ConfigureAwait(false)).Root;
                file.Position = 0;
                var remote = await peer.AddAsync(file, addr.Hex, ct).ConfigureAwait(false);
                if (!remote.ToV1().Equals(local))
                {
                    throw new IpfsVerificationException($"the IPFS node reports {remote} for {addr}, but its CID is {local}");
                }

                Print(json, new() { ["addr"] = addr.ToString(), ["cid"] = local.ToString(), ["size"] = size }, $"{addr} -> {local} ({size} bytes)");
                return 0;
            }
            finally
            {
                File.Delete(temp);
            }
        }));

        return new Command("ipfs", "IPFS bridge: CIDs, import from and export to IPFS nodes") { cid, import, export };
    }

    private static IpfsPeerClient Peer(ParseResult parse) => (parse.GetValue(Api), parse.GetValue(Gateway)) switch
    {
        ({ } api, null) => IpfsPeerClient.ForRpc(new Uri(api)),
        (null, { } gw) => IpfsPeerClient.ForGateway(new Uri(gw)),
        _ => throw new ArgumentException("give exactly one of --api URL or --gateway URL"),
    };

    private static Uri GatewayUri(ParseResult parse)
    {
        var text = parse.GetValue(Gateway) ?? Environment.GetEnvironmentVariable("RON_IPFS_GATEWAY_URL") ?? "http://127.0.0.1:8080/";
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static void Print(bool json, Dictionary<string, object> fields, string text)
    {
        if (json)
        {
            CliOutput.Json(fields);
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    private static async Task<int> Run(ParseResult parse, Func<bool, Task<int>> action)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        try
        {
            return await action(json).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IpfsException or IOException or HttpRequestException or ArgumentException or JsonException or UnauthorizedAccessException)
        {
            return CliOutput.Error(e, json);
        }
    }
}
