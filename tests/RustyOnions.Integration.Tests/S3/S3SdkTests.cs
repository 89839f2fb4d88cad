using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace RustyOnions.Integration.Tests.S3;

[Collection(S3Collection.Name)]
public sealed class S3SdkTests(S3Fixture fx)
{
    private static byte[] Bytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static async Task<byte[]> ReadAllAsync(GetObjectResponse r)
    {
        using var ms = new MemoryStream();
        await r.ResponseStream.CopyToAsync(ms);
        return ms.ToArray();
    }

    [Fact]
    public async Task Put_then_get_round_trips_bytes_metadata_content_type_and_md5_etag()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-roundtrip");
        var data = Bytes(300_000, 1);
        var put = new PutObjectRequest { BucketName = "sdk-roundtrip", Key = "dir/a file+x.bin", InputStream = new MemoryStream(data), ContentType = "application/x-test" };
        put.Metadata["color"] = "blue";
        var putResp = await s3.PutObjectAsync(put);
        var md5 = Convert.ToHexStringLower(MD5.HashData(data));
        Assert.Equal("\"" + md5 + "\"", putResp.ETag);

        using var get = await s3.GetObjectAsync("sdk-roundtrip", "dir/a file+x.bin");
        Assert.Equal(data, await ReadAllAsync(get));
        Assert.Equal("\"" + md5 + "\"", get.ETag);
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["x-amz-meta-color"]);
        Assert.StartsWith("b3:", get.Metadata["x-amz-meta-b3"], StringComparison.Ordinal);
        Assert.Equal(data.Length, get.ContentLength);

        var head = await s3.GetObjectMetadataAsync("sdk-roundtrip", "dir/a file+x.bin");
        Assert.Equal(get.Metadata["x-amz-meta-b3"], head.Metadata["x-amz-meta-b3"]);
        Assert.Equal(data.Length, head.ContentLength);
        Assert.True((DateTime.UtcNow - head.LastModified!.Value.ToUniversalTime()).Duration() < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Overwrite_serves_the_newest_version()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-overwrite");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-overwrite", Key = "k", ContentBody = "one" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-overwrite", Key = "k", ContentBody = "two!" });
        using var get = await s3.GetObjectAsync("sdk-overwrite", "k");
        Assert.Equal("two!"u8.ToArray(), await ReadAllAsync(get));
    }

    [Fact]
    public async Task Ranged_get_through_the_sdk_returns_206_slice()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-range");
        var data = Bytes(10_000, 2);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-range", Key = "r", InputStream = new MemoryStream(data) });
        using var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = "sdk-range", Key = "r", ByteRange = new ByteRange(100, 199) });
        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
        Assert.Equal(data[100..200], await ReadAllAsync(get));
        Assert.Equal("bytes 100-199/10000", get.ContentRange);
    }

    [Fact]
    public async Task ListBuckets_shows_only_the_callers_buckets()
    {
        using var alice = fx.Client();
        using var bob = fx.Client(S3Fixture.OtherAccessKey, S3Fixture.OtherSecret);
        await alice.PutBucketAsync("sdk-alice-only");
        await bob.PutBucketAsync("sdk-bob-only");
        var mine = (await alice.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToList();
        Assert.Contains("sdk-alice-only", mine);
        Assert.DoesNotContain("sdk-bob-only", mine);
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => bob.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-alice-only", Key = "x", ContentBody = "x" }));
        Assert.Equal("AccessDenied", e.ErrorCode);
        var loc = await alice.GetBucketLocationAsync("sdk-alice-only");
        Assert.True(string.IsNullOrEmpty(loc.Location.Value) || loc.Location.Value == "us-east-1");
    }

    [Fact]
    public async Task ListObjectsV2_pages_with_prefix_delimiter_and_continuation()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-list");
        string[] keys = ["a/1", "a/2", "b/1", "c", "d", "e/x/y"];
        foreach (var k in keys)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-list", Key = k, ContentBody = k });
        }

        var top = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-list", Delimiter = "/" });
        Assert.Equal(["c", "d"], top.S3Objects.Select(o => o.Key));
        Assert.Equal(["a/", "b/", "e/"], top.CommonPrefixes);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-list", MaxKeys = 2, ContinuationToken = token });
            seen.AddRange(page.S3Objects.Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);

        var prefixed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-list", Prefix = "a/", StartAfter = "a/1" });
        Assert.Equal(["a/2"], prefixed.S3Objects.Select(o => o.Key));
        Assert.Equal(3, prefixed.S3Objects.Single().Size);

        var v1 = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = "sdk-list", Prefix = "e/", Delimiter = "/" });
        Assert.Equal(["e/x/"], v1.CommonPrefixes);
    }

    [Fact]
    public async Task Delete_hides_the_key_and_a_new_put_brings_it_back()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-delete");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-delete", Key = "gone", ContentBody = "x" });
        await s3.DeleteObjectAsync("sdk-delete", "gone");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("sdk-delete", "gone"));
        Assert.Equal("NoSuchKey", e.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.Message));
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-delete" })).S3Objects ?? []);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-delete", Key = "gone", ContentBody = "back" });
        using var get = await s3.GetObjectAsync("sdk-delete", "gone");
        Assert.Equal("back"u8.ToArray(), await ReadAllAsync(get));
    }

    [Fact]
    public async Task DeleteObjects_and_CopyObject_work()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-copy");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-copy", Key = "src", ContentBody = "copy me", ContentType = "text/plain" });
        var copy = await s3.CopyObjectAsync("sdk-copy", "src", "sdk-copy", "dst");
        using (var get = await s3.GetObjectAsync("sdk-copy", "dst"))
        {
            Assert.Equal("copy me"u8.ToArray(), await ReadAllAsync(get));
            Assert.Equal("text/plain", get.Headers.ContentType);
            Assert.Equal(copy.ETag, get.ETag);
        }

        var del = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = "sdk-copy", Objects = [new KeyVersion { Key = "src" }, new KeyVersion { Key = "dst" }] });
        Assert.Equal(2, del.DeletedObjects.Count);
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-copy" })).S3Objects ?? []);
    }

    [Fact]
    public async Task Missing_bucket_and_unsupported_operations_answer_s3_errors_with_messages()
    {
        using var s3 = fx.Client();
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("sdk-no-such-bucket", "k"));
        Assert.Equal("NoSuchBucket", e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));

        await s3.PutBucketAsync("sdk-notimpl");
        var n = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = "sdk-notimpl" }));
        Assert.Equal("NotImplemented", n.ErrorCode);
        Assert.Equal(HttpStatusCode.NotImplemented, n.StatusCode);
        Assert.False(string.IsNullOrEmpty(n.Message));
    }

    [Fact]
    public async Task Multipart_upload_via_transfer_utility_round_trips_with_multipart_etag()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-multipart");
        var data = Bytes(17 << 20, 3);
        var path = Path.Combine(fx.WorkDir, "mp.bin");
        await File.WriteAllBytesAsync(path, data);
        using var tu = new Amazon.S3.Transfer.TransferUtility(s3);
        await tu.UploadAsync(new Amazon.S3.Transfer.TransferUtilityUploadRequest { BucketName = "sdk-multipart", Key = "big", FilePath = path, PartSize = 5 << 20 });
        var head = await s3.GetObjectMetadataAsync("sdk-multipart", "big");
        Assert.EndsWith("-4\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal(data.Length, head.ContentLength);
        using var get = await s3.GetObjectAsync("sdk-multipart", "big");
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await ReadAllAsync(get)));

        using var part2 = await s3.GetObjectAsync(new GetObjectRequest { BucketName = "sdk-multipart", Key = "big", PartNumber = 2 });
        Assert.Equal(data[(5 << 20)..(10 << 20)], await ReadAllAsync(part2));
    }

    [Fact]
    public async Task Multipart_abort_and_list_parts()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("sdk-mp-abort");
        var init = await s3.InitiateMultipartUploadAsync("sdk-mp-abort", "k");
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = "sdk-mp-abort", Key = "k", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(Bytes(1000, 4)) });
        var parts = await s3.ListPartsAsync("sdk-mp-abort", "k", init.UploadId);
        Assert.Equal(1000, parts.Parts.Single().Size);
        await s3.AbortMultipartUploadAsync("sdk-mp-abort", "k", init.UploadId);
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListPartsAsync("sdk-mp-abort", "k", init.UploadId));
        Assert.Equal("NoSuchUpload", e.ErrorCode);
    }
}
