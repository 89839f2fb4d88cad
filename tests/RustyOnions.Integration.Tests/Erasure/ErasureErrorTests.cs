using System.Net;
using System.Text.Json;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Erasure;

/// <summary>Failure paths of erasure objects on one real node (a lone node holds every shard itself).</summary>
public sealed class ErasureErrorTests
{
    [Fact]
    public async Task Erasure_failures_answer_with_their_status_and_envelope()
    {
        using var dir = new TempDir("ron-erasure-err");
        await using var node = await NodeProcess.StartAsync(dir.Combine("n1"), new Dictionary<string, string> { ["RON_ERASURE_SEGMENT"] = "65536", ["RON_ERASURE_THRESHOLD"] = "65536" });
        var data = new byte[300_000];
        new Random(9).NextBytes(data);
        var addr = ContentId.Compute(data);
        await using (var c = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address }))
        {
            // A declared address that the bytes do not hash to: 400, nothing referenced.
            var wrong = ContentId.Compute("other"u8);
            var mismatch = await Assert.ThrowsAsync<RonException>(() => c.PutAsync(new MemoryStream(data), wrong));
            Assert.Equal(400, mismatch.Status);
            Assert.Contains("ADDRESS_MISMATCH", mismatch.Message, StringComparison.Ordinal);

            Assert.Equal(addr, (await c.PutAsync(new MemoryStream(data))).Addr);
            Assert.Equal(data.AsSpan(100_000, 70_000).ToArray(), await RangeAsync(c, addr, 100_000, 70_000));
            Assert.Equal((long?)data.Length, (await c.StatAsync(addr)).Size);

            var range = await Assert.ThrowsAsync<RonException>(() => RangeAsync(c, addr, 299_999, 10));
            Assert.Equal(400, range.Status);
            Assert.Equal("BAD_REQUEST", range.Code);
        }

        using var http = new HttpClient { BaseAddress = node.AdminUri };
        using (var bad = await http.PostAsync(new Uri("repair/not-an-address", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var doc = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Equal("BAD_REQUEST", doc.RootElement.GetProperty("code").GetString());
            Assert.False(doc.RootElement.GetProperty("retryable").GetBoolean());
        }

        var unknown = ContentId.Compute("never stored"u8);
        using (var missing = await http.GetAsync(new Uri("erasure/" + unknown, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            using var doc = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
            Assert.Equal("NOT_FOUND", doc.RootElement.GetProperty("code").GetString());
        }

        var cli = await RonCli.RunAsync(["repair", unknown.ToString(), "--admin", node.AdminUri.ToString()]);
        Assert.Equal(1, cli.ExitCode);
        Assert.StartsWith("ron: repair failed: NOT_FOUND: no manifest for " + unknown, cli.Stderr.Trim(), StringComparison.Ordinal);

        var ok = await RonCli.RunAsync(["repair", addr.ToString(), "--admin", node.AdminUri.ToString()]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("5 segments, 0 shards missing, 0 repaired", ok.Stdout, StringComparison.Ordinal);
    }

    private static async Task<byte[]> RangeAsync(RonClient c, ContentId addr, long offset, long length)
    {
        using var ms = new MemoryStream();
        await c.GetAsync(addr, ms, offset, length);
        return ms.ToArray();
    }
}
