using Amazon.S3.Model;
using RustyOnions.Index.Records;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>Deletes are signed tombstones in the node's index: the name is gone everywhere, the bytes stay.</summary>
[Collection(S3Collection.Name)]
public sealed class S3DeleteTests(S3Fixture fx)
{
    [Fact]
    public async Task Delete_unpublishes_the_name_in_the_shared_index_but_keeps_the_bytes()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("del-index");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "del-index", Key = "doc.txt", ContentBody = "to be deleted" });
        var key = await PublisherKey.LoadAsync(Path.Combine(fx.DataDir, "s3", "gateway.key"));
        var name = key.NameFor("s3/del-index/doc.txt");
        await using var ron = await fx.ConnectAsync();
        var live = await ron.ResolveAsync(name, fanOut: false);
        Assert.NotNull(live);

        await s3.DeleteObjectAsync("del-index", "doc.txt");

        Assert.Null(await ron.ResolveAsync(name, fanOut: false));
        var history = await ron.HistoryAsync(name);
        Assert.True(history[0].IsTombstone);
        Assert.Equal(live.Seq + 1, history[0].Seq);
        history[0].Verify();
        Assert.Equal("to be deleted"u8.ToArray(), await ron.GetBytesAsync(live.Address));
        var e = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.GetObjectMetadataAsync("del-index", "doc.txt"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Listings_skip_deleted_keys_across_continuation_tokens_and_markers()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("del-pages");
        var keys = Enumerable.Range(0, 24).Select(i => $"k{i:D2}").ToList();
        foreach (var k in keys)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "del-pages", Key = k, ContentBody = k });
        }

        // A whole page's worth in a row (k03..k08), scattered ones, and every key after the last live one.
        var deleted = new HashSet<string> { "k00", "k03", "k04", "k05", "k06", "k07", "k08", "k13", "k20", "k21", "k22", "k23" };
        await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = "del-pages", Objects = deleted.Select(k => new KeyVersion { Key = k }).ToList() });
        var live = keys.Where(k => !deleted.Contains(k)).ToList();

        var v2 = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "del-pages", MaxKeys = 3, ContinuationToken = token });
            pages++;
            Assert.NotEmpty(page.S3Objects);
            v2.AddRange(page.S3Objects.Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        var v1 = new List<string>();
        string? marker = null;
        while (true)
        {
            var page = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = "del-pages", MaxKeys = 5, Marker = marker });
            v1.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
            {
                break;
            }

            marker = page.S3Objects![^1].Key;
        }

        Assert.Equal(live, v2);
        Assert.Equal(4, pages); // 12 live keys, 3 a page, no empty trailing page
        Assert.Equal(live, v1);
    }

    [Fact]
    public async Task Bucket_whose_keys_were_all_deleted_can_be_deleted_and_a_prefix_of_deleted_keys_is_not_listed()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("del-bucket");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "del-bucket", Key = "dir/a", ContentBody = "a" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "del-bucket", Key = "top", ContentBody = "t" });
        await s3.DeleteObjectAsync("del-bucket", "dir/a");

        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "del-bucket", Delimiter = "/" });
        Assert.Empty(listed.CommonPrefixes ?? []);
        Assert.Equal(["top"], listed.S3Objects.Select(o => o.Key));
        var notEmpty = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.DeleteBucketAsync("del-bucket"));
        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);

        await s3.DeleteObjectAsync("del-bucket", "top");
        await s3.DeleteBucketAsync("del-bucket");

        var gone = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "del-bucket" }));
        Assert.Equal("NoSuchBucket", gone.ErrorCode);
    }
}
