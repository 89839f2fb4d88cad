using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.S3;

[Collection(S3Collection.Name)]
public sealed class S3AuthTests(S3Fixture fx)
{
    [Fact]
    public async Task Wrong_secret_is_SignatureDoesNotMatch()
    {
        using var s3 = fx.Client(S3Fixture.AccessKey, "not-the-secret");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", e.ErrorCode);
    }

    [Fact]
    public async Task Unknown_access_key_is_InvalidAccessKeyId()
    {
        using var s3 = fx.Client("AKIDNOBODY00000000", "whatever");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("InvalidAccessKeyId", e.ErrorCode);
    }

    [Fact]
    public async Task Unsigned_request_is_AccessDenied_with_a_message()
    {
        using var http = new HttpClient();
        using var r = await http.GetAsync(new Uri(fx.S3Uri, "/"));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Matches("<Message>[^<]+</Message>", body);
        Assert.Contains("<RequestId>" + r.Headers.GetValues("x-amz-request-id").Single() + "</RequestId>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_get_works_until_it_expires_and_tampering_breaks_it()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("auth-presign");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "auth-presign", Key = "p", ContentBody = "presigned" });
        using var http = new HttpClient();

        var longUrl = s3.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "auth-presign", Key = "p", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        Assert.Equal("presigned", await http.GetStringAsync(longUrl));
        using (var tampered = await http.GetAsync(longUrl.Replace("/p?", "/q?", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var shortUrl = s3.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "auth-presign", Key = "p", Expires = DateTime.UtcNow.AddSeconds(2), Protocol = Protocol.HTTP });
        var body = string.Empty;
        await Poll.UntilAsync(
            async () =>
            {
                using var r = await http.GetAsync(shortUrl);
                body = await r.Content.ReadAsStringAsync();
                return r.StatusCode == HttpStatusCode.Forbidden;
            },
            TimeSpan.FromSeconds(20),
            "the 2 s presigned URL to expire (403)",
            TimeSpan.FromMilliseconds(200));

        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("<Message>Request has expired</Message>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_put_stores_an_object()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("auth-presign-put");
        var url = s3.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "auth-presign-put", Key = "up", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var http = new HttpClient();
        using var r = await http.PutAsync(url, new ByteArrayContent("via presign"u8.ToArray()));
        Assert.True(r.StatusCode == HttpStatusCode.OK, url + "\n" + await r.Content.ReadAsStringAsync());
        using var get = await s3.GetObjectAsync("auth-presign-put", "up");
        using var sr = new StreamReader(get.ResponseStream);
        Assert.Equal("via presign", await sr.ReadToEndAsync());
    }
}
