using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>S3 requests take the node's in-flight places and per-tenant s3 quota tokens (real nodes with tiny limits).</summary>
public sealed class S3AdmissionTests
{
    private const string BobKey = "AKIDRONTESTBOB00001";
    private const string BobSecret = "bobSecretKeyForQuotaTests0000000000000";

    [Fact]
    public async Task Tenant_over_its_s3_quota_gets_503_SlowDown_with_Retry_After_while_others_still_pass()
    {
        using var dir = new TempDir("ron-s3-quota");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string>
        {
            ["RON_S3_ACCESS_KEYS"] = $"{S3Fixture.AccessKey}:{S3Fixture.Secret}:alice,{BobKey}:{BobSecret}:bob",
            // 3 back to back, then one per 100 s: nothing refills during the test, however slow the machine.
            ["RON_QUOTA_S3_RPS"] = "0.01",
            ["RON_QUOTA_S3_BURST"] = "3",
        });
        using var alice = Client(node, S3Fixture.AccessKey, S3Fixture.Secret);
        using var bob = Client(node, BobKey, BobSecret);
        using var http = new HttpClient();
        await alice.PutBucketAsync("quota-a"); // token 1
        await alice.PutObjectAsync(new PutObjectRequest { BucketName = "quota-a", Key = "k", ContentBody = "v" }); // token 2
        var url = alice.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "quota-a", Key = "k", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        Assert.Equal("v", await http.GetStringAsync(url)); // token 3

        using var refused = await http.GetAsync(url);
        var body = await refused.Content.ReadAsStringAsync();
        var bobList = await bob.ListBucketsAsync();
        var sdkRefused = await Assert.ThrowsAsync<AmazonS3Exception>(() => alice.ListBucketsAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("<Code>SlowDown</Code>", body, StringComparison.Ordinal);
        Assert.Contains("tenant alice is over its S3 request quota", body, StringComparison.Ordinal);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 100);
        Assert.Empty(bobList.Buckets ?? []);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sdkRefused.StatusCode);
        Assert.Equal("SlowDown", sdkRefused.ErrorCode);

        // Unsigned requests share one anonymous tenant: admitted (then denied) three times, then slowed down.
        for (var i = 0; i < 3; i++)
        {
            using var denied = await http.GetAsync(node.S3Uri);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using var anonymous = await http.GetAsync(node.S3Uri);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
        Assert.Contains("tenant (anonymous) is over its S3 request quota", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await http.GetStringAsync(new Uri(node.AdminUri, "metrics"));
        Assert.Matches("ron_rejected_total\\{reason=\"over_quota\"\\} [3-9]", metrics);
    }

    [Fact]
    public async Task Full_inflight_gate_refuses_s3_requests_with_503_SlowDown_until_the_held_one_ends_and_port_0_is_reported()
    {
        using var dir = new TempDir("ron-s3-inflight");
        await using var node = await NodeProcess.StartAsync(dir.Combine("data"), new Dictionary<string, string>
        {
            ["RON_S3_ACCESS_KEYS"] = $"{S3Fixture.AccessKey}:{S3Fixture.Secret}:alice",
            ["RON_S3_ADDR"] = "127.0.0.1:0",
            ["RON_MAX_INFLIGHT"] = "1",
        });

        // Port 0: the listening line, the admin /s3 view and `ron status` all give the bound port.
        Assert.NotNull(node.S3Uri);
        Assert.NotEqual(0, node.S3Uri.Port);
        using var http = new HttpClient();
        using (var view = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.AdminUri, "s3"))))
        {
            Assert.Equal(node.S3Uri.ToString(), view.RootElement.GetProperty("listen").GetString());
        }

        var status = await RonCli.RunAsync(["status", "--admin", node.AdminUri.ToString()], new Dictionary<string, string> { ["RON_NODE_URL"] = node.Address.ToString() });
        Assert.Contains("s3: " + node.S3Uri, status.Stdout, StringComparison.Ordinal);

        using var s3 = Client(node, S3Fixture.AccessKey, S3Fixture.Secret);
        await s3.PutBucketAsync("inflight");
        var putUrl = s3.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "inflight", Key = "slow", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });

        // Hold one signed PUT in flight: headers and half the body go out now (a raw socket: HttpClient would buffer
        // a small body until it is complete), the rest when the test says so.
        var target = new Uri(putUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(target.Host, target.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"PUT {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nContent-Length: 8\r\n\r\nhalf"));
        await stream.FlushAsync();

        // Wait until the PUT holds the place (/readyz says "overloaded"; the admin port takes no place), so the probe
        // below cannot race the PUT for it.
        await Poll.UntilAsync(
            async () =>
            {
                using var ready = await http.GetAsync(new Uri(node.AdminUri, "readyz"));
                return (await ready.Content.ReadAsStringAsync()).Contains("overloaded", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            "the held PUT to take the only in-flight place");

        HttpResponseMessage? refused = null;
        await Poll.UntilAsync(
            async () =>
            {
                if (tcp.Available > 0)
                {
                    var early = new byte[tcp.Available];
                    var n = await stream.ReadAsync(early);
                    Assert.Fail("the held PUT was answered early: " + Encoding.ASCII.GetString(early, 0, n));
                }

                refused?.Dispose();
                refused = await http.GetAsync(node.S3Uri);
                return refused.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            TimeSpan.FromSeconds(30),
            "a refusal while another S3 request held the only in-flight place");
        var refusal = await refused!.Content.ReadAsStringAsync();
        Assert.Contains("<Code>SlowDown</Code>", refusal, StringComparison.Ordinal);
        Assert.Contains("too many requests in flight", refusal, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        refused.Dispose();

        await stream.WriteAsync("done"u8.ToArray());
        using (var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true))
        {
            Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync());
        }

        // The place came back: the next request runs.
        using var get = await s3.GetObjectAsync("inflight", "slow");
        using var body = new StreamReader(get.ResponseStream);
        Assert.Equal("halfdone", await body.ReadToEndAsync());
    }

    private static AmazonS3Client Client(NodeProcess node, string key, string secret) =>
        new(new BasicAWSCredentials(key, secret), new AmazonS3Config
        {
            ServiceURL = node.S3Uri!.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
            MaxErrorRetry = 0,
        });
}
