using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using RustyOnions.Integration.Tests.Auth;
using RustyOnions.Integration.Tests.S3;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Legal;

/// <summary>The denylist answers 451 on every interface (OAP/1, IPFS gateway via the CID map, S3), keeps the bytes, and hot-reloads.</summary>
[Collection(AuthCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DenylistTests(AuthNodeFixture fx)
{
    private async Task<RonClient> ConnectAsync() =>
        await RonClient.ConnectAsync(new RonClientOpts { Node = fx.Node.Address, Tenant = 7, Cap = Encoding.ASCII.GetBytes(fx.Cap(7, "storage.*").ToText()), Retry = new() { MaxRetries = 0 } });

    private HttpClient Gateway(string? bearer)
    {
        var http = new HttpClient { BaseAddress = fx.Node.IpfsGatewayUri, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    /// <summary>The CID of a stored object once the background indexer mapped it.</summary>
    private async Task<string> CidOfAsync(ContentId addr)
    {
        using var http = Gateway(fx.Cap(7, "storage.stat").ToText());
        string? cid = null;
        await Poll.UntilAsync(
            async () =>
            {
                using var r = await http.GetAsync($"ipfs-map/b3/{addr}");
                if (r.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                cid = doc.RootElement.GetProperty("cid").GetString();
                return true;
            },
            TimeSpan.FromSeconds(30),
            "the CID indexer to map " + addr);
        return cid!;
    }

    private static async Task AssertEnvelopeAsync(HttpResponseMessage r, HttpStatusCode status, string code, string reason)
    {
        Assert.Equal(status, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(code, doc.RootElement.GetProperty("code").GetString());
        Assert.Equal(reason, doc.RootElement.GetProperty("reason").GetString());
        Assert.False(doc.RootElement.GetProperty("retryable").GetBoolean());
    }

    [Fact]
    public async Task Oap_get_of_a_denied_address_is_451_and_unblocking_serves_the_kept_bytes()
    {
        await using var client = await ConnectAsync();
        var put = await client.PutAsync(AuthNodeFixture.DeniedBytes);
        Assert.Equal(AuthNodeFixture.DeniedAddr, put.Addr);

        var e = await Assert.ThrowsAsync<RonLegalException>(() => client.GetBytesAsync(put.Addr));
        Assert.Equal(451, e.Status);
        Assert.Equal("denylist", e.Reason);

        var original = await File.ReadAllTextAsync(fx.DenylistFile);
        try
        {
            await AuthNodeFixture.ReplaceAsync(fx.DenylistFile, "# emptied\n");
            byte[]? got = null;
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        got = await client.GetBytesAsync(put.Addr);
                        return true;
                    }
                    catch (RonLegalException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(10),
                "the emptied denylist to be reloaded");
            Assert.Equal(AuthNodeFixture.DeniedBytes, got);
        }
        finally
        {
            await AuthNodeFixture.ReplaceAsync(fx.DenylistFile, original);
        }

        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await client.StatAsync(put.Addr);
                    return false;
                }
                catch (RonLegalException)
                {
                    return true;
                }
            },
            TimeSpan.FromSeconds(10),
            "the restored denylist to block again");
    }

    [Fact]
    public async Task Ipfs_gateway_needs_a_bearer_cap_and_answers_451_for_a_denied_cid()
    {
        await using var client = await ConnectAsync();
        var allowed = Encoding.UTF8.GetBytes("gateway may serve this " + Guid.NewGuid());
        var ok = await client.PutAsync(allowed);
        await client.PutAsync(AuthNodeFixture.DeniedBytes);
        var okCid = await CidOfAsync(ok.Addr);
        var deniedCid = await CidOfAsync(AuthNodeFixture.DeniedAddr);

        using (var anonymous = Gateway(null))
        using (var r = await anonymous.GetAsync($"ipfs/{okCid}"))
        {
            await AssertEnvelopeAsync(r, HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "missing");
            Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var statOnly = Gateway(fx.Cap(7, "storage.stat").ToText()))
        using (var r = await statOnly.GetAsync($"ipfs/{okCid}"))
        {
            await AssertEnvelopeAsync(r, HttpStatusCode.Forbidden, "FORBIDDEN", "op_not_granted");
        }

        using (var forged = Gateway(fx.Stranger.Issue(7, [CapOp.Parse("storage.get")], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)).ToText()))
        using (var r = await forged.GetAsync($"ipfs/{okCid}"))
        {
            await AssertEnvelopeAsync(r, HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "unknown_issuer");
        }

        using var reader = Gateway(fx.Cap(7, "storage.get").ToText());
        Assert.Equal(allowed, await reader.GetByteArrayAsync($"ipfs/{okCid}"));
        using var denied = await reader.GetAsync($"ipfs/{deniedCid}");
        await AssertEnvelopeAsync(denied, HttpStatusCode.UnavailableForLegalReasons, "UNAVAILABLE_FOR_LEGAL_REASONS", "denylist");
    }

    [Fact]
    public async Task S3_get_and_head_of_an_object_with_denied_content_answer_451()
    {
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(S3Fixture.AccessKey, S3Fixture.Secret), new AmazonS3Config
        {
            ServiceURL = fx.Node.S3Uri!.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
        });
        await s3.PutBucketAsync("legal");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "legal", Key = "blocked.txt", InputStream = new MemoryStream(AuthNodeFixture.DeniedBytes) });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "legal", Key = "fine.txt", ContentBody = "fine" });

        var get = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync("legal", "blocked.txt"));
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, get.StatusCode);
        Assert.Equal("UnavailableForLegalReasons", get.ErrorCode);
        Assert.Contains(AuthNodeFixture.DeniedAddr.ToString(), get.Message, StringComparison.Ordinal);
        var head = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync("legal", "blocked.txt"));
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, head.StatusCode);

        using var fine = await s3.GetObjectAsync("legal", "fine.txt");
        Assert.Equal(HttpStatusCode.OK, fine.HttpStatusCode);
    }
}
