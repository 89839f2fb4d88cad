using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Answered_puts_and_sends_survive_kill_9_and_restart()
    {
        using var dir = new TempDir("ron-crash");
        var data = dir.Combine("data");
        var objects = new List<(ContentId Addr, byte[] Bytes)>();
        var messages = new List<string>();
        var topic = "durable";

        await using (var node = await NodeProcess.StartAsync(data))
        {
            await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address, Tenant = 9 });
            for (var i = 0; i < 20; i++)
            {
                var bytes = StorageRoundTripTests.Seeded(1000 + (i * 37_000), seed: 500 + i);
                objects.Add(((await client.PutAsync(bytes)).Addr, bytes));
                messages.Add((await client.SendAsync(topic, "m" + i, idempotencyKey: "key-" + i)).MsgId);
            }

            await node.KillAsync();
        }

        await using var restarted = await NodeProcess.StartAsync(data);
        await using var again = await RonClient.ConnectAsync(new RonClientOpts { Node = restarted.Address, Tenant = 9 });
        Assert.Equal(restarted.Address.PeerId, objects.Count > 0 ? restarted.Address.PeerId : null);
        foreach (var (addr, bytes) in objects)
        {
            Assert.Equal(bytes, await again.GetBytesAsync(addr));
        }

        var received = await again.RecvAsync(topic, max: 100);
        Assert.Equal(messages, received.Select(m => m.MsgId).ToList());
        Assert.True((await again.SendAsync(topic, "m0", idempotencyKey: "key-0")).Duplicate);
    }

    [Fact]
    public async Task Restart_keeps_the_node_identity()
    {
        using var dir = new TempDir("ron-id");
        string first;
        await using (var node = await NodeProcess.StartAsync(dir.Combine("data")))
        {
            first = node.Address.PeerId.ToString()!;
            await node.StopAsync();
            Assert.Equal(0, node.ExitCode);
        }

        await using var second = await NodeProcess.StartAsync(dir.Combine("data"));
        Assert.Equal(first, second.Address.PeerId.ToString());
    }
}
