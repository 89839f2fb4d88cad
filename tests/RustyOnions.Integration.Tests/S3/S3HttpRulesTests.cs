using System.Net;
using System.Net.Http.Headers;
using Amazon.S3;
using Amazon.S3.Model;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>Range and conditional rules, checked on the wire with presigned URLs (any header may be added).</summary>
[Collection(S3Collection.Name)]
public sealed class S3HttpRulesTests(S3Fixture fx) : IAsyncLifetime
{
    private const string Bucket = "http-rules";
    private static readonly byte[] Data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
    private readonly HttpClient _http = new();
    private AmazonS3Client _s3 = null!;
    private string _etag = string.Empty;
    private DateTimeOffset _lastModified;

    public async Task InitializeAsync()
    {
        _s3 = fx.Client();
        await _s3.PutBucketAsync(Bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "obj", InputStream = new MemoryStream(Data) });
        var head = await _s3.GetObjectMetadataAsync(Bucket, "obj");
        _etag = head.ETag;
        _lastModified = new DateTimeOffset(head.LastModified!.Value.ToUniversalTime(), TimeSpan.Zero);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _s3.Dispose();
        return Task.CompletedTask;
    }

    private string Url(string key = "obj", HttpVerb verb = HttpVerb.GET, DateTime? expires = null, string? query = null)
    {
        var req = new GetPreSignedUrlRequest { BucketName = Bucket, Key = key, Verb = verb, Expires = expires ?? DateTime.UtcNow.AddMinutes(10), Protocol = Protocol.HTTP };
        if (query is not null)
        {
            req.ResponseHeaderOverrides.ContentType = query;
        }

        return _s3.GetPreSignedURL(req);
    }

    private async Task<HttpResponseMessage> SendAsync(Action<HttpRequestHeaders> headers, HttpMethod? method = null, string? url = null)
    {
        var req = new HttpRequestMessage(method ?? HttpMethod.Get, url ?? Url(verb: method == HttpMethod.Head ? HttpVerb.HEAD : HttpVerb.GET));
        headers(req.Headers);
        return await _http.SendAsync(req);
    }

    [Theory]
    [InlineData("bytes=0-99", 206, 0, 99)]
    [InlineData("bytes=0-", 206, 0, 999)]
    [InlineData("bytes=0-999", 206, 0, 999)]
    [InlineData("bytes=900-", 206, 900, 999)]
    [InlineData("bytes=-100", 206, 900, 999)]
    [InlineData("bytes=-2000", 206, 0, 999)]
    [InlineData("bytes=990-2000", 206, 990, 999)]
    [InlineData("bytes=999-999", 206, 999, 999)]
    [InlineData("bytes=0-1,5-6", 200, 0, 999)]
    [InlineData("bytes=5-2", 200, 0, 999)]
    [InlineData("items=0-1", 200, 0, 999)]
    public async Task Range_is_served_as_s3_does(string range, int status, int start, int end)
    {
        using var r = await SendAsync(h => h.TryAddWithoutValidation("Range", range));
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal(Data[start..(end + 1)], await r.Content.ReadAsByteArrayAsync());
        if (status == 206)
        {
            Assert.Equal($"bytes {start}-{end}/1000", r.Content.Headers.GetValues("Content-Range").Single());
        }
        else
        {
            Assert.False(r.Content.Headers.Contains("Content-Range"));
        }

        Assert.Equal(_etag, r.Headers.ETag!.ToString());
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    public async Task Unsatisfiable_range_is_416_with_star_content_range(string range)
    {
        using var r = await SendAsync(h => h.TryAddWithoutValidation("Range", range));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, r.StatusCode);
        Assert.Equal("bytes */1000", r.Content.Headers.GetValues("Content-Range").Single());
        Assert.Contains("<Code>InvalidRange</Code>", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditionals_follow_s3_precedence()
    {
        var wrong = "\"0123456789abcdef0123456789abcdef\"";
        var before = _lastModified.AddHours(-1).ToString("R");
        var after = _lastModified.AddHours(1).ToString("R");

        async Task<int> Status(params (string Name, string Value)[] hs)
        {
            using var r = await SendAsync(h =>
            {
                foreach (var (n, v) in hs)
                {
                    h.TryAddWithoutValidation(n, v);
                }
            });
            if (r.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                Assert.Contains("<Code>PreconditionFailed</Code>", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            if (r.StatusCode == HttpStatusCode.NotModified)
            {
                Assert.Equal(_etag, r.Headers.ETag!.ToString());
                Assert.Empty(await r.Content.ReadAsByteArrayAsync());
            }

            return (int)r.StatusCode;
        }

        Assert.Equal(200, await Status(("If-Match", _etag)));
        Assert.Equal(200, await Status(("If-Match", "*")));
        Assert.Equal(200, await Status(("If-Match", _etag.Trim('"'))));
        Assert.Equal(412, await Status(("If-Match", wrong)));
        Assert.Equal(304, await Status(("If-None-Match", _etag)));
        Assert.Equal(200, await Status(("If-None-Match", wrong)));
        Assert.Equal(304, await Status(("If-Modified-Since", after)));
        Assert.Equal(304, await Status(("If-Modified-Since", _lastModified.ToString("R"))));
        Assert.Equal(200, await Status(("If-Modified-Since", before)));
        Assert.Equal(412, await Status(("If-Unmodified-Since", before)));
        Assert.Equal(200, await Status(("If-Unmodified-Since", after)));

        // If-Match true wins over If-Unmodified-Since false; If-None-Match decides over If-Modified-Since.
        Assert.Equal(200, await Status(("If-Match", _etag), ("If-Unmodified-Since", before)));
        Assert.Equal(412, await Status(("If-Match", wrong), ("If-Unmodified-Since", after)));
        Assert.Equal(200, await Status(("If-None-Match", wrong), ("If-Modified-Since", after)));
        Assert.Equal(304, await Status(("If-None-Match", _etag), ("If-Modified-Since", before)));
        Assert.Equal(412, await Status(("If-Match", wrong), ("If-None-Match", _etag)));
    }

    [Fact]
    public async Task If_range_applies_the_range_only_when_the_validator_matches()
    {
        using (var r = await SendAsync(h => { h.TryAddWithoutValidation("Range", "bytes=10-19"); h.TryAddWithoutValidation("If-Range", _etag); }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
            Assert.Equal(Data[10..20], await r.Content.ReadAsByteArrayAsync());
        }

        using (var r = await SendAsync(h => { h.TryAddWithoutValidation("Range", "bytes=10-19"); h.TryAddWithoutValidation("If-Range", "\"0123456789abcdef0123456789abcdef\""); }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(Data, await r.Content.ReadAsByteArrayAsync());
        }

        using (var r = await SendAsync(h => { h.TryAddWithoutValidation("Range", "bytes=10-19"); h.TryAddWithoutValidation("If-Range", _lastModified.AddHours(-1).ToString("R")); }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await SendAsync(h => { h.TryAddWithoutValidation("Range", "bytes=10-19"); h.TryAddWithoutValidation("If-Range", _lastModified.ToString("R")); }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
        }
    }

    [Fact]
    public async Task Head_answers_conditionals_and_ranges_without_a_body()
    {
        using var r = await SendAsync(h => h.TryAddWithoutValidation("If-None-Match", _etag), HttpMethod.Head);
        Assert.Equal(HttpStatusCode.NotModified, r.StatusCode);
        using var r2 = await SendAsync(h => h.TryAddWithoutValidation("Range", "bytes=0-9"), HttpMethod.Head);
        Assert.Equal(HttpStatusCode.PartialContent, r2.StatusCode);
        Assert.Equal(10, r2.Content.Headers.ContentLength);
        Assert.StartsWith("b3:", r2.Headers.GetValues("x-amz-meta-b3").Single(), StringComparison.Ordinal);
        using var r3 = await SendAsync(h => h.TryAddWithoutValidation("If-Match", "\"nope\""), HttpMethod.Head);
        Assert.Equal(HttpStatusCode.PreconditionFailed, r3.StatusCode);
    }

    [Fact]
    public async Task Response_overrides_and_part_number_one()
    {
        using var r = await _http.GetAsync(Url(query: "text/x-override"));
        Assert.Equal("text/x-override", r.Content.Headers.ContentType!.ToString());
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "obj", PartNumber = 2 }));
        Assert.Equal("InvalidPartNumber", e.ErrorCode);
    }
}
