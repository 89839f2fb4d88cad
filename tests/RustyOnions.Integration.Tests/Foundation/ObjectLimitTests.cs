using RustyOnions.Proto.Content;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

public sealed class ObjectLimitTests
{
    [Fact]
    public async Task Put_over_the_configured_object_limit_gets_413_stores_nothing_and_the_node_keeps_serving()
    {
        using var dir = new TempDir("ron-limit");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string> { ["RON_MAX_OBJECT_BYTES"] = "100000" });
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address });
        var big = StorageRoundTripTests.Seeded(300_000, seed: 413);

        using var source = new MemoryStream(big);
        var e = await Assert.ThrowsAsync<RonException>(() => client.PutAsync(source));

        Assert.Equal(413, e.Status);
        Assert.Equal("TOO_LARGE", e.Code);
        Assert.Contains("100000", e.Message, StringComparison.Ordinal);
        Assert.False(e.Retryable);
        Assert.False((await client.StatAsync(ContentId.Compute(big))).Exists);
        await Poll.UntilAsync(() => !Directory.EnumerateFiles(Path.Combine(node.DataDir, "store", "tmp")).Any(), TimeSpan.FromSeconds(10), "no temp file left");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.DataDir, "store", "blobs"), "*", SearchOption.AllDirectories));
        var small = StorageRoundTripTests.Seeded(99_000, seed: 414);
        Assert.Equal(small, await client.GetBytesAsync((await client.PutAsync(small)).Addr));
    }

    [Fact]
    public async Task Put_declaring_a_size_over_the_limit_is_refused_at_once()
    {
        using var dir = new TempDir("ron-limit");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string> { ["RON_MAX_OBJECT_BYTES"] = "100000" });
        await using var raw = await RawOapConnection.ConnectAsync(node.Address);

        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 5, "{\"op\":\"put\",\"size\":5000000}"u8);

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.TooLarge, reply!.Header.Code);
        Assert.Equal("TOO_LARGE", reply.Envelope!.Code);
        Assert.Equal(5UL, reply.Envelope.CorrId);
        await BadInputTests.AssertEchoWorksAsync(raw);
    }
}
