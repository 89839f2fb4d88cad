using RustyOnions.Proto.Content;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Integration.Tests.Foundation;

[Collection(NodeCollection.Name)]
public sealed class StorageRoundTripTests(NodeFixture fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    [InlineData((256 * 1024) + 7)]
    public async Task Put_then_get_returns_identical_bytes(int size)
    {
        var data = Seeded(size, seed: size);
        await using var client = await fixture.ConnectAsync();

        var put = await client.PutAsync(data);

        Assert.Equal(ContentId.Compute(data), put.Addr);
        Assert.Equal(size, put.Size);
        Assert.Equal(data, await client.GetBytesAsync(put.Addr));
        var stat = await client.StatAsync(put.Addr);
        Assert.True(stat.Exists);
        Assert.Equal(size, stat.Size);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Put_then_get_of_100_MiB_streams_identical_bytes()
    {
        var data = Seeded(100 << 20, seed: 100);
        await using var client = await fixture.ConnectAsync();

        using var source = new MemoryStream(data, writable: false);
        var put = await client.PutAsync(source);
        using var sink = new MemoryStream(data.Length);
        var got = await client.GetAsync(put.Addr, sink);

        Assert.Equal(data.Length, got);
        Assert.True(data.AsSpan().SequenceEqual(sink.GetBuffer().AsSpan(0, (int)sink.Length)));
    }

    [Fact]
    public async Task Ranged_get_returns_the_requested_slice()
    {
        var data = Seeded(300_000, seed: 3);
        await using var client = await fixture.ConnectAsync();
        var put = await client.PutAsync(data);

        using var sink = new MemoryStream();
        await client.GetAsync(put.Addr, sink, offset: 262_100, length: 1000);

        Assert.Equal(data.AsSpan(262_100, 1000).ToArray(), sink.ToArray());
    }

    [Fact]
    public async Task Putting_the_same_bytes_twice_gives_the_same_address()
    {
        var data = Seeded(5000, seed: 5);
        await using var client = await fixture.ConnectAsync();

        var a = await client.PutAsync(data);
        var b = await client.PutAsync(data);

        Assert.Equal(a.Addr, b.Addr);
    }

    [Fact]
    public async Task Put_with_a_declared_address_that_does_not_match_stores_nothing_and_answers_400()
    {
        var data = Seeded(10_000, seed: 6);
        var wrong = ContentId.Compute(Seeded(10, seed: 7));
        await using var client = await fixture.ConnectAsync();

        using var source = new MemoryStream(data);
        var e = await Assert.ThrowsAsync<RonException>(() => client.PutAsync(source, wrong));

        Assert.Equal(400, e.Status);
        Assert.Equal("BAD_REQUEST", e.Code);
        Assert.Contains("ADDRESS_MISMATCH", e.Message, StringComparison.Ordinal);
        Assert.False((await client.StatAsync(ContentId.Compute(data))).Exists);
        Assert.False((await client.StatAsync(wrong)).Exists);
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_404_envelope()
    {
        await using var client = await fixture.ConnectAsync();
        var missing = ContentId.Compute("never stored"u8);

        var e = await Assert.ThrowsAsync<RonException>(() => client.GetBytesAsync(missing));

        Assert.Equal(404, e.Status);
        Assert.Equal("NOT_FOUND", e.Code);
        Assert.Contains(missing.ToString(), e.Message, StringComparison.Ordinal);
        Assert.NotEqual(0UL, e.CorrId);
    }

    [Fact]
    public async Task Tiles_get_serves_files_under_the_root_and_rejects_traversal()
    {
        var dir = Path.Combine(fixture.TilesRoot, "12", "654");
        Directory.CreateDirectory(dir);
        var tile = Seeded(70_000, seed: 12);
        await File.WriteAllBytesAsync(Path.Combine(dir, "1583.webp"), tile);
        await using var client = await fixture.ConnectAsync();

        Assert.Equal(tile, await client.GetPathAsync("12/654/1583.webp"));
        var traversal = await Assert.ThrowsAsync<RonException>(() => client.GetPathAsync("../../etc/passwd"));
        Assert.Equal(400, traversal.Status);
        var missing = await Assert.ThrowsAsync<RonException>(() => client.GetPathAsync("12/654/none.webp"));
        Assert.Equal(404, missing.Status);
    }

    internal static byte[] Seeded(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
