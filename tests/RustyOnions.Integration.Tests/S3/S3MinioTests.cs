using Minio;
using Minio.DataModel.Args;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>The Minio .NET client against the gateway.</summary>
[Collection(S3Collection.Name)]
public sealed class S3MinioTests(S3Fixture fx)
{
    [Fact]
    public async Task Minio_client_makes_a_bucket_puts_stats_gets_and_lists()
    {
        using var minio = (MinioClient)new MinioClient()
            .WithEndpoint(fx.S3Uri.Host, fx.S3Uri.Port)
            .WithCredentials(S3Fixture.AccessKey, S3Fixture.Secret)
            .WithRegion("us-east-1")
            .WithSSL(false)
            .Build();
        await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket("minio-bucket"));
        Assert.True(await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket("minio-bucket")));
        var data = new byte[200_000];
        new Random(7).NextBytes(data);
        await minio.PutObjectAsync(new PutObjectArgs().WithBucket("minio-bucket").WithObject("m/one.bin")
            .WithStreamData(new MemoryStream(data)).WithObjectSize(data.Length).WithContentType("application/x-minio"));

        var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket("minio-bucket").WithObject("m/one.bin"));
        Assert.Equal(data.Length, stat.Size);
        Assert.Equal("application/x-minio", stat.ContentType);

        using var ms = new MemoryStream();
        await minio.GetObjectAsync(new GetObjectArgs().WithBucket("minio-bucket").WithObject("m/one.bin")
            .WithCallbackStream(async (s, ct) => await s.CopyToAsync(ms, ct)));
        Assert.Equal(data, ms.ToArray());

        var keys = new List<string>();
        await foreach (var item in minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket("minio-bucket").WithPrefix("m/").WithRecursive(true)))
        {
            keys.Add(item.Key);
        }

        Assert.Equal(["m/one.bin"], keys);
    }
}
