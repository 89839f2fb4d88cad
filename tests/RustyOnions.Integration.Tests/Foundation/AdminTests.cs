using System.Net;
using System.Text.Json;

namespace RustyOnions.Integration.Tests.Foundation;

[Collection(NodeCollection.Name)]
public sealed class AdminTests(NodeFixture fixture)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Healthz_and_readyz_answer_200_once_the_store_is_open()
    {
        var health = await Http.GetAsync(new Uri(fixture.Node.AdminUri, "healthz"));
        var ready = await Http.GetAsync(new Uri(fixture.Node.AdminUri, "readyz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Metrics_count_requests_by_app_and_code_and_expose_histograms()
    {
        await using var client = await fixture.ConnectAsync();
        await client.EchoAsync("m"u8.ToArray());
        var before = await Http.GetStringAsync(new Uri(fixture.Node.AdminUri, "metrics"));
        var echoBefore = Counter(before, "ron_requests_total{app=\"echo\",code=\"0\"}");

        await client.EchoAsync("m"u8.ToArray());
        await client.EchoAsync("m"u8.ToArray());
        var after = await Http.GetStringAsync(new Uri(fixture.Node.AdminUri, "metrics"));

        Assert.Equal(echoBefore + 2, Counter(after, "ron_requests_total{app=\"echo\",code=\"0\"}"));
        foreach (var name in new[] { "ron_request_duration_seconds_bucket{app=\"echo\",le=\"0.0001\"}", "ron_bytes_received_total", "ron_bytes_sent_total", "ron_inflight_requests", "ron_stored_objects", "ron_stored_bytes", "ron_connections" })
        {
            Assert.Contains(name, after, StringComparison.Ordinal);
        }
    }

    private static double Counter(string text, string series)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
