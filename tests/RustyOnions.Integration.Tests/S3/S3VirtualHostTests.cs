using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RustyOnions.Integration.Tests.S3;

[Collection(S3Collection.Name)]
public sealed class S3VirtualHostTests(S3Fixture fx)
{
    [Fact]
    public async Task Virtual_host_style_presigned_get_reads_the_bucket_from_the_host()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("vh-bucket");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "vh-bucket", Key = "k/v.txt", ContentBody = "virtual host" });

        using var vh = new AmazonS3Client(new BasicAWSCredentials(S3Fixture.AccessKey, S3Fixture.Secret), new AmazonS3Config
        {
            ServiceURL = $"http://localhost:{fx.S3Uri.Port}",
            ForcePathStyle = false,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
        });
        var url = new Uri(vh.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = "vh-bucket", Key = "k/v.txt", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP }));
        Assert.Equal("vh-bucket.localhost", url.Host);

        // Connect to 127.0.0.1 but send the signed virtual host (no resolver needed for *.localhost).
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(url) { Host = "127.0.0.1" }.Uri);
        req.Headers.Host = $"{url.Host}:{url.Port}";
        using var r = await http.SendAsync(req);
        Assert.Equal("virtual host", await r.Content.ReadAsStringAsync());
    }
}
