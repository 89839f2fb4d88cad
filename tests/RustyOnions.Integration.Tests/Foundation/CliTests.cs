using System.Text.Json;
using RustyOnions.Proto.Content;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

[Collection(NodeCollection.Name)]
public sealed class CliTests(NodeFixture fixture)
{
    private Dictionary<string, string> Env => new() { ["RON_NODE_URL"] = fixture.Node.Address.ToString() };

    [Fact]
    public async Task Put_json_then_get_to_a_file_round_trips()
    {
        using var dir = new TempDir("ron-cli");
        var data = StorageRoundTripTests.Seeded(123_456, seed: 8);
        var input = dir.Combine("in.bin");
        await File.WriteAllBytesAsync(input, data);

        var put = await RonCli.RunAsync(["put", input, "--json"], Env);
        Assert.Equal(0, put.ExitCode);
        using var doc = JsonDocument.Parse(put.Stdout);
        Assert.Equal(ContentId.Compute(data).ToString(), doc.RootElement.GetProperty("addr").GetString());
        Assert.Equal(data.Length, doc.RootElement.GetProperty("size").GetInt64());

        var output = dir.Combine("out.bin");
        var get = await RonCli.RunAsync(["get", doc.RootElement.GetProperty("addr").GetString()!, "-o", output], Env);
        Assert.Equal(0, get.ExitCode);
        Assert.Equal(data, await File.ReadAllBytesAsync(output));
        Assert.False(File.Exists(output + ".ron-partial"));
    }

    [Fact]
    public async Task Errors_are_one_line_with_a_non_zero_exit_or_json_with_json()
    {
        var missing = ContentId.Compute("nope"u8).ToString();

        var text = await RonCli.RunAsync(["get", missing], Env);
        var json = await RonCli.RunAsync(["stat", "b3:bad", "--json"], Env);

        Assert.Equal(3, text.ExitCode);
        var line = Assert.Single(text.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ron: error: NOT_FOUND (404): object " + missing, line, StringComparison.Ordinal);
        Assert.NotEqual(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal("BAD_ARGUMENT", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Hello_echo_and_mailbox_commands_work()
    {
        var hello = await RonCli.RunAsync(["hello", "--json"], Env);
        var echo = await RonCli.RunAsync(["echo", "ping"], Env);
        var topic = "cli-" + Guid.NewGuid().ToString("N");
        var send = await RonCli.RunAsync(["mailbox", "send", topic, "hello", "--key", "k", "--json"], Env);
        var recv = await RonCli.RunAsync(["mailbox", "recv", topic, "--json"], Env);

        using (var h = JsonDocument.Parse(hello.Stdout))
        {
            Assert.Equal(fixture.Node.Address.PeerId.ToString(), h.RootElement.GetProperty("peer_id").GetString());
        }

        Assert.Equal("ping", echo.Stdout.Trim());
        using var s = JsonDocument.Parse(send.Stdout);
        using var r = JsonDocument.Parse(recv.Stdout);
        var id = s.RootElement.GetProperty("msg_id").GetString()!;
        Assert.Equal(id, r.RootElement.GetProperty("messages")[0].GetProperty("msg_id").GetString());
        var ack = await RonCli.RunAsync(["mailbox", "ack", id, "--json"], Env);
        Assert.Equal(0, ack.ExitCode);
        var again = await RonCli.RunAsync(["mailbox", "ack", id], Env);
        Assert.Equal(3, again.ExitCode);
    }

    [Fact]
    public async Task Node_run_with_invalid_settings_names_each_problem_and_exits_2()
    {
        using var dir = new TempDir("ron-cfg");

        var run = await RonCli.RunAsync(["node", "run", "--data", dir.Path, "--oap", "nonsense"], new Dictionary<string, string> { ["RON_MAX_FRAME"] = "12" });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("oap_listen (RON_OAP_ADDR) must be ip:port", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("max_frame 12 is out of range", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_peer_id_pin_is_refused_with_a_clear_error()
    {
        var wrong = fixture.Node.Address with { PeerId = Proto.Addressing.PeerId.FromPublicKey(new byte[32]) };

        var run = await RonCli.RunAsync(["hello"], new Dictionary<string, string> { ["RON_NODE_URL"] = wrong.ToString() });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PeerId", run.Stderr, StringComparison.Ordinal);
    }
}
