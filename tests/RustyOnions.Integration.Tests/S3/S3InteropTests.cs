using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store.Sqlite;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>The same bytes and names through S3, OAP/1 and the index.</summary>
[Collection(S3Collection.Name)]
public sealed class S3InteropTests(S3Fixture fx)
{
    [Fact]
    public async Task Object_written_through_s3_is_readable_over_oap_and_in_the_index()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("interop-s3-to-oap");
        var data = new byte[123_457];
        new Random(11).NextBytes(data);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "interop-s3-to-oap", Key = "x/y.bin", InputStream = new MemoryStream(data) });
        var head = await s3.GetObjectMetadataAsync("interop-s3-to-oap", "x/y.bin");
        var addr = ContentId.Parse(head.Metadata["x-amz-meta-b3"]);
        Assert.Equal(ContentId.Compute(data), addr);

        await using var ron = await fx.ConnectAsync();
        Assert.Equal(data, await ron.GetBytesAsync(addr));

        // The gateway publishes into the node's shared index: `ron name resolve` over OAP/1 finds the name.
        var key = await PublisherKey.LoadAsync(Path.Combine(fx.DataDir, "s3", "gateway.key"));
        var name = key.NameFor("s3/interop-s3-to-oap/x/y.bin");
        var resolved = await RonCli.RunAsync(["name", "resolve", name], new Dictionary<string, string> { ["RON_NODE_URL"] = fx.Node.Address.ToString() });
        Assert.True(resolved.ExitCode == 0, $"ron name resolve exited {resolved.ExitCode}: {resolved.Stderr}");
        Assert.Contains(addr.ToString(), resolved.Stdout, StringComparison.Ordinal);
        var record = await ron.ResolveAsync(name, fanOut: false);
        Assert.NotNull(record);
        Assert.Equal(addr, record.Address);
        Assert.Equal(data.Length, record.Size);
        record.Verify();
    }

    [Fact]
    public async Task Record_published_over_oap_for_an_oap_object_is_visible_through_s3()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("interop-oap-to-s3");
        var data = "stored over OAP/1, named in the index"u8.ToArray();
        await using var ron = await fx.ConnectAsync();
        var addr = (await ron.PutAsync(data)).Addr;

        // Whoever holds the gateway's key can name objects into its buckets over OAP/1, while the node runs.
        var key = await PublisherKey.LoadAsync(Path.Combine(fx.DataDir, "s3", "gateway.key"));
        await ron.PublishAsync(NameRecord.Sign(key, "s3/interop-oap-to-s3/from-oap.txt", addr, data.Length, "text/plain", 1, DateTimeOffset.UtcNow));

        var list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "interop-oap-to-s3" });
        Assert.Equal("from-oap.txt", list.S3Objects.Single().Key);
        Assert.Equal(data.Length, list.S3Objects.Single().Size);
        using var get = await s3.GetObjectAsync("interop-oap-to-s3", "from-oap.txt");
        using var ms = new MemoryStream();
        await get.ResponseStream.CopyToAsync(ms);
        Assert.Equal(data, ms.ToArray());
        Assert.Equal("text/plain", get.Headers.ContentType);
        Assert.Equal(addr.ToString(), get.Metadata["x-amz-meta-b3"]);
    }

    [Fact]
    public async Task Record_published_in_the_index_for_an_oap_object_is_visible_through_s3()
    {
        // Published straight into the node's index.db while the node is stopped, then the node restarts on it.
        using var dir = new TempDir("ron-s3-reverse");
        var dataDir = dir.Combine("data");
        var env = new Dictionary<string, string> { ["RON_S3_ACCESS_KEYS"] = $"{S3Fixture.AccessKey}:{S3Fixture.Secret}:alice" };
        var data = "stored over OAP/1, named in the index"u8.ToArray();
        ContentId addr;
        await using (var node = await NodeProcess.StartAsync(dataDir, env))
        {
            using var s3 = Client(node);
            await s3.PutBucketAsync("interop-oap-to-s3");
            await using var ron = await RonClient.ConnectAsync(new RonClientOpts { Node = node.Address });
            addr = (await ron.PutAsync(data)).Addr;
            await node.StopAsync();
        }

        var key = await PublisherKey.LoadAsync(Path.Combine(dataDir, "s3", "gateway.key"));
        await using (var index = await SqliteIndexStore.OpenAsync(new SqliteIndexStoreOptions { Path = Path.Combine(dataDir, "index.db") }))
        {
            var record = NameRecord.Sign(key, "s3/interop-oap-to-s3/from-oap.txt", addr, data.Length, "text/plain", 1, DateTimeOffset.UtcNow);
            (await index.PublishAsync(record)).ThrowIfRejected();
        }

        await using (var node = await NodeProcess.StartAsync(dataDir, env))
        {
            using var s3 = Client(node);
            var list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "interop-oap-to-s3" });
            Assert.Equal("from-oap.txt", list.S3Objects.Single().Key);
            Assert.Equal(data.Length, list.S3Objects.Single().Size);
            using var get = await s3.GetObjectAsync("interop-oap-to-s3", "from-oap.txt");
            using var ms = new MemoryStream();
            await get.ResponseStream.CopyToAsync(ms);
            Assert.Equal(data, ms.ToArray());
            Assert.Equal("text/plain", get.Headers.ContentType);
            Assert.Equal(addr.ToString(), get.Metadata["x-amz-meta-b3"]);
        }
    }

    private static AmazonS3Client Client(NodeProcess node) =>
        new(new BasicAWSCredentials(S3Fixture.AccessKey, S3Fixture.Secret), new AmazonS3Config
        {
            ServiceURL = node.S3Uri!.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
        });
}
