using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

public sealed class CorruptionTests
{
    [Fact]
    public async Task Corrupted_blob_on_disk_fails_the_get_cleanly_is_counted_and_the_node_keeps_serving()
    {
        using var dir = new TempDir("ron-corrupt");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"));
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address });
        var victim = StorageRoundTripTests.Seeded(1 << 20, seed: 31);
        var healthy = StorageRoundTripTests.Seeded(70_000, seed: 32);
        var addr = (await client.PutAsync(victim)).Addr;
        var ok = (await client.PutAsync(healthy)).Addr;

        var blob = Directory.EnumerateFiles(Path.Combine(node.DataDir, "store", "blobs"), addr.Hex, SearchOption.AllDirectories).Single();
        await using (var f = new FileStream(blob, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = 600_000; // inside the third 256 KiB block
            var b = f.ReadByte();
            f.Position = 600_000;
            f.WriteByte((byte)(b ^ 0x5A));
        }

        using var sink = new MemoryStream();
        var e = await Assert.ThrowsAsync<RonException>(() => client.GetAsync(addr, sink));

        Assert.Equal(500, e.Status);
        Assert.Equal("CORRUPT", e.Code);
        Assert.True(e.Retryable);
        Assert.Contains(addr.ToString(), e.Message, StringComparison.Ordinal);
        Assert.True(sink.Length <= 512 * 1024, $"only verified blocks may be sent, got {sink.Length} bytes");
        Assert.True(victim.AsSpan(0, (int)sink.Length).SequenceEqual(sink.ToArray()), "every byte sent must be correct");
        Assert.Equal(healthy, await client.GetBytesAsync(ok));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(node.AdminUri, "metrics"));
        Assert.Contains("ron_corrupt_objects_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ron_errors_total{code=\"CORRUPT\"} 1", metrics, StringComparison.Ordinal);
    }
}
