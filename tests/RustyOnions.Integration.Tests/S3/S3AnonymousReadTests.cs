using System.Net;
using Amazon.S3.Model;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>RON_S3_ANONYMOUS_READ: unsigned GET/HEAD/list on the listed buckets only; writes always need a signature.</summary>
[Collection(S3Collection.Name)]
public sealed class S3AnonymousReadTests(S3Fixture fx)
{
    [Fact]
    public async Task Anonymous_get_head_and_list_work_on_a_public_bucket_and_writes_still_need_a_signature()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync(S3Fixture.PublicBucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = S3Fixture.PublicBucket, Key = "dir/readme.txt", ContentBody = "anyone may read this" });
        using var http = new HttpClient { BaseAddress = fx.S3Uri };

        Assert.Equal("anyone may read this", await http.GetStringAsync("/anon-public/dir/readme.txt"));
        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/anon-public/dir/readme.txt")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(20, head.Content.Headers.ContentLength);
        }

        Assert.Contains("<Key>dir/readme.txt</Key>", await http.GetStringAsync("/anon-public?list-type=2"), StringComparison.Ordinal);
        Assert.Contains("<Key>dir/readme.txt</Key>", await http.GetStringAsync("/anon-public"), StringComparison.Ordinal);

        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Put, "/anon-public/new.txt") { Content = new StringContent("nope") });
        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Delete, "/anon-public/dir/readme.txt"));
        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Post, "/anon-public/new.txt?uploads"));
        Assert.Equal("anyone may read this", await http.GetStringAsync("/anon-public/dir/readme.txt"));
    }

    [Fact]
    public async Task Anonymous_reads_of_other_buckets_are_AccessDenied()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("anon-private");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "anon-private", Key = "secret.txt", ContentBody = "tenant only" });
        using var http = new HttpClient { BaseAddress = fx.S3Uri };

        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Get, "/anon-private/secret.txt"));
        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Get, "/anon-private?list-type=2"));
        await AssertDeniedAsync(http, new HttpRequestMessage(HttpMethod.Get, "/"));
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/anon-private/secret.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
    }

    private static async Task AssertDeniedAsync(HttpClient http, HttpRequestMessage request)
    {
        using var _ = request;
        using var r = await http.SendAsync(request);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{request.Method} {request.RequestUri}: {(int)r.StatusCode} {body}");
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("Anonymous access is forbidden", body, StringComparison.Ordinal);
    }
}
