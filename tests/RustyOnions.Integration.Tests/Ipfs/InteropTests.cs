using System.Text.Json;
using RustyOnions.Proto.Content;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>Real npm IPFS peers on both sides: @helia/verified-fetch and ipfs-car read what we serve; the Helia RPC
/// peer is imported from and exported to with `ron ipfs`.</summary>
[Collection(IpfsCollection.Name)]
[Trait("Category", "Slow")]
public sealed class InteropTests(IpfsFixture fx)
{
    [Fact]
    public async Task Verified_fetch_gets_and_verifies_an_object_through_our_trustless_gateway()
    {
        var data = IpfsFixture.Seeded(900_000, seed: 101);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);
        var output = fx.Temp($"vf-{cid}");
        var gateway = fx.Node.IpfsGatewayUri!.ToString().TrimEnd('/');
        var run = await IpfsNpm.RunAsync([Path.Combine(IpfsNpm.Dir, "verified-fetch.mjs"), gateway, cid, output, "90000"], TimeSpan.FromSeconds(120));
        Assert.True(run.ExitCode == 0, $"verified-fetch exited {run.ExitCode}: {run.Stderr}");
        Assert.Equal(data, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Car_we_emit_unpacks_with_ipfs_car()
    {
        var data = IpfsFixture.Seeded(1_200_000, seed: 102);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);
        var car = fx.Temp($"{cid}.car");
        await File.WriteAllBytesAsync(car, await fx.Gateway.GetByteArrayAsync($"ipfs/{cid}?format=car"));
        var output = fx.Temp($"unpacked-{cid}");
        var run = await IpfsNpm.RunAsync([Path.Combine(IpfsNpm.Dir, "node_modules", "ipfs-car", "bin.js"), "unpack", car, "--output", output], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, $"ipfs-car exited {run.ExitCode}: {run.Stderr}");
        Assert.Equal(data, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Import_from_the_rpc_peer_stores_the_object_and_makes_it_reachable_by_cid()
    {
        var data = IpfsFixture.Seeded(2_000_000, seed: 103);
        var cid = await fx.Peer.AddAsync(data);
        var run = await RonCli.RunAsync(["ipfs", "import", cid, "--api", fx.Peer.Api.ToString(), "--json"], fx.CliEnv);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(ContentId.Compute(data).ToString(), doc.RootElement.GetProperty("addr").GetString());
        Assert.True(doc.RootElement.GetProperty("same_layout").GetBoolean());
        Assert.Equal(cid, await fx.WaitForCidAsync(ContentId.Compute(data)));
        Assert.Equal(data, await fx.Gateway.GetByteArrayAsync($"ipfs/{cid}"));
    }

    [Fact]
    public async Task Import_from_another_nodes_trustless_gateway_verifies_and_stores()
    {
        var data = IpfsFixture.Seeded(800_000, seed: 104);
        var (_, cid) = await fx.PutAndWaitForCidAsync(data);
        using var dir = new TempDir("ron-ipfs-b");
        await using var other = await NodeProcess.StartAsync(dir.Combine("data"));
        var run = await RonCli.RunAsync(["ipfs", "import", cid, "--gateway", fx.Node.IpfsGatewayUri!.ToString(), "--json"],
            new Dictionary<string, string> { ["RON_NODE_URL"] = other.Address.ToString() });
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        await using var client = await Sdk.RonClient.ConnectAsync(new Sdk.RonClientOpts { Node = other.Address });
        Assert.Equal(data, await client.GetBytesAsync(ContentId.Compute(data)));
    }

    [Fact]
    public async Task Export_pushes_to_the_rpc_peer_which_reports_the_same_cid()
    {
        var data = IpfsFixture.Seeded(1_100_000, seed: 105);
        var (addr, cid) = await fx.PutAndWaitForCidAsync(data);
        var run = await RonCli.RunAsync(["ipfs", "export", addr.ToString(), "--api", fx.Peer.Api.ToString(), "--json"], fx.CliEnv);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(cid, doc.RootElement.GetProperty("cid").GetString());
        Assert.Equal(data, await fx.Peer.PostBytesAsync($"api/v0/cat?arg={cid}"));
    }

    [Theory]
    [InlineData("corrupt-block", "does not match")]
    [InlineData("truncate-car", "")]
    public async Task Import_of_a_lying_peer_aborts_and_stores_nothing(string fault, string hint)
    {
        await using var liar = await IpfsRpcPeer.StartAsync(fault);
        var data = IpfsFixture.Seeded(1_300_000, seed: fault.Length);
        var cid = await liar.AddAsync(data);
        var run = await RonCli.RunAsync(["ipfs", "import", cid, "--api", liar.Api.ToString()], fx.CliEnv);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(hint, run.Stderr, StringComparison.Ordinal);
        await using var client = await fx.ConnectAsync();
        Assert.False((await client.StatAsync(ContentId.Compute(data))).Exists);
    }
}
