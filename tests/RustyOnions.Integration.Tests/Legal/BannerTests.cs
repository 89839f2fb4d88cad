using System.Net.Http.Json;
using System.Text.Json;
using RustyOnions.Integration.Tests.Auth;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Legal;

/// <summary>The legal banner: HELLO, `ron hello`, `ron status`, the admin root and the gateways' roots.</summary>
[Collection(AuthCollection.Name)]
[Trait("Category", "Slow")]
public sealed class BannerTests(AuthNodeFixture fx)
{
    [Fact]
    public async Task Ron_hello_and_ron_status_print_the_banner()
    {
        var hello = await RonCli.RunAsync(["hello", "--node", fx.Node.Address.ToString(), "--json"]);
        Assert.True(hello.ExitCode == 0, hello.Stderr);
        using (var doc = JsonDocument.Parse(hello.Stdout))
        {
            var legal = doc.RootElement.GetProperty("legal");
            Assert.Equal("Example Operator Ltd", legal.GetProperty("operator").GetString());
            Assert.Equal("NL", legal.GetProperty("jurisdiction").GetString());
            Assert.Equal(AuthNodeFixture.AbuseContact, legal.GetProperty("abuse_contact").GetString());
            Assert.Equal("https://example.test/terms", legal.GetProperty("terms").GetString());
        }

        var status = await RonCli.RunAsync(["status", "--node", fx.Node.Address.ToString(), "--admin", fx.Node.AdminUri.ToString()]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("operator: Example Operator Ltd", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("abuse_contact: " + AuthNodeFixture.AbuseContact, status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_ipfs_and_anonymous_s3_roots_show_the_banner()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (uri, surface) in new[] { (fx.Node.AdminUri, "admin"), (fx.Node.IpfsGatewayUri!, "ipfs"), (fx.Node.S3Uri!, "s3") })
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(uri));
            var root = doc.RootElement;
            Assert.Equal(surface, root.GetProperty("surface").GetString());
            Assert.Equal("required", root.GetProperty("auth").GetString());
            Assert.Equal("Example Operator Ltd", root.GetProperty("legal").GetProperty("operator").GetString());
            Assert.Equal(fx.Node.Address.PeerId!.ToString(), root.GetProperty("peer_id").GetString());
        }
    }
}
