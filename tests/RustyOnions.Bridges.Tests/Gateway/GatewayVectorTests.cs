using System.Text;
using System.Text.Json;
using RustyOnions.Bridges.Tests.Ipfs;

namespace RustyOnions.Bridges.Tests.Gateway;

/// <summary>Replays specs/vectors/ipfs-gateway/requests.json against the gateway on real Kestrel.</summary>
public sealed class GatewayVectorTests
{
    [Fact]
    public async Task Every_request_vector_gets_its_status_type_and_etag()
    {
        var root = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "specs", "vectors", "ipfs-gateway", "requests.json"))).RootElement;
        await using var gw = await GatewayServer.StartAsync();
        var (_, cid) = await gw.PutAsync(Encoding.UTF8.GetBytes(root.GetProperty("content").GetString()!));
        Assert.Equal(root.GetProperty("cid").GetString(), cid);
        var failures = new List<string>();
        foreach (var v in root.GetProperty("requests").EnumerateArray())
        {
            var path = v.GetProperty("path").GetString()!.Replace("{cid}", cid, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
            if (v.TryGetProperty("accept", out var accept))
            {
                request.Headers.TryAddWithoutValidation("Accept", accept.GetString());
            }

            using var response = await gw.Http.SendAsync(request);
            var status = v.GetProperty("status").GetInt32();
            if ((int)response.StatusCode != status)
            {
                failures.Add($"{path} [{(v.TryGetProperty("accept", out var a) ? a.GetString() : "-")}]: {(int)response.StatusCode}, expected {status}: {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            if (v.TryGetProperty("type", out var type) && response.Content.Headers.ContentType?.MediaType != type.GetString())
            {
                failures.Add($"{path}: type {response.Content.Headers.ContentType?.MediaType}, expected {type.GetString()}");
            }

            if (v.TryGetProperty("etag", out var etag) && response.Headers.ETag?.Tag != etag.GetString()!.Replace("{cid}", cid, StringComparison.Ordinal))
            {
                failures.Add($"{path}: etag {response.Headers.ETag?.Tag}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
