using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;
using static RustyOnions.Overlay.Tests.Store.StoreTestData;

namespace RustyOnions.Overlay.Tests.Store;

/// <summary>Behaviour every <see cref="IContentStore"/> must show; run against disk and memory.</summary>
public abstract class ContentStoreContractTests
{
    protected const long Max = 8L << 20;

    protected abstract IContentStore Store { get; }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    [InlineData(Block)]
    [InlineData(Block + 1)]
    [InlineData(5 * 1024 * 1024)]
    public async Task Put_then_get_round_trips_and_address_is_blake3(int size)
    {
        var data = Bytes(size, seed: size);
        var put = await PutAsync(Store, data, declared: size);

        Assert.Equal(ContentId.Compute(data), put.Addr);
        Assert.Equal(size, put.Size);
        Assert.False(put.AlreadyExisted);
        Assert.True(Store.Contains(put.Addr));
        Assert.Equal(new ObjectInfo(put.Addr, size), await Store.StatAsync(put.Addr, CancellationToken.None));
        Assert.Equal(data, await GetAsync(Store, put.Addr));
        Assert.Equal(1, Store.ObjectCount);
        Assert.Equal(size, Store.TotalBytes);
        Assert.Equal(0, Store.Corruptions);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(Block - 1, 2)]
    [InlineData(Block, Block)]
    [InlineData(Block - 5, Block + 10)]
    [InlineData(3 * Block, 0)]
    [InlineData((3 * Block) + 7, 12345)]
    [InlineData(0, (3 * Block) + 12345 + 7)]
    public async Task Range_read_returns_exactly_the_requested_bytes(long offset, long length)
    {
        var data = Bytes((3 * Block) + 12345 + 7, seed: 3);
        var put = await PutAsync(Store, data);

        var got = await GetAsync(Store, put.Addr, offset, length);

        Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), got);
    }

    [Fact]
    public async Task Range_read_without_length_runs_to_the_end()
    {
        var data = Bytes((2 * Block) + 3, seed: 4);
        var put = await PutAsync(Store, data);

        Assert.Equal(data[(Block + 1)..], await GetAsync(Store, put.Addr, Block + 1));
        Assert.Empty(await GetAsync(Store, put.Addr, data.Length));
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(11, null)]
    [InlineData(5, 6L)]
    [InlineData(0, -1L)]
    public async Task Range_outside_the_object_is_rejected(long offset, long? length)
    {
        var put = await PutAsync(Store, Bytes(10, seed: 5));

        await Assert.ThrowsAsync<RangeNotSatisfiableException>(async () => await Store.OpenReadAsync(put.Addr, offset, length, CancellationToken.None));
    }

    [Fact]
    public async Task Put_of_existing_object_is_a_no_op_success()
    {
        var data = Bytes(1000, seed: 6);
        await PutAsync(Store, data);

        var again = await PutAsync(Store, data);

        Assert.True(again.AlreadyExisted);
        Assert.Equal(1, Store.ObjectCount);
        Assert.Equal(1000, Store.TotalBytes);
        Assert.Equal(data, await GetAsync(Store, again.Addr));
    }

    [Fact]
    public async Task Expected_address_mismatch_stores_nothing()
    {
        var data = Bytes(Block + 10, seed: 7);
        var wrong = ContentId.Compute(Bytes(3, seed: 8));

        var e = await Assert.ThrowsAsync<AddressMismatchException>(() => PutAsync(Store, data, expected: wrong));

        Assert.Equal(wrong, e.Expected);
        Assert.Equal(ContentId.Compute(data), e.Actual);
        Assert.False(Store.Contains(e.Actual));
        Assert.Equal(0, Store.ObjectCount);
        AssertNothingOnDisk();
    }

    [Fact]
    public async Task Expected_address_match_is_accepted()
    {
        var data = Bytes(77, seed: 9);

        var put = await PutAsync(Store, data, expected: ContentId.Compute(data));

        Assert.Equal(ContentId.Compute(data), put.Addr);
    }

    [Fact]
    public async Task Disposing_writer_without_commit_stores_nothing()
    {
        var data = Bytes(Block * 2, seed: 10);
        await using (var writer = await Store.BeginWriteAsync(null, null, CancellationToken.None))
        {
            await writer.WriteAsync(data, CancellationToken.None);
        }

        Assert.False(Store.Contains(ContentId.Compute(data)));
        Assert.Equal(0, Store.ObjectCount);
        AssertNothingOnDisk();
    }

    [Fact]
    public async Task Oversize_stream_is_rejected_and_nothing_is_left()
    {
        var data = Bytes((int)Max + 1, seed: 11);

        var e = await Assert.ThrowsAsync<ObjectTooLargeException>(() => PutAsync(Store, data));

        Assert.Equal(Max, e.Limit);
        Assert.Equal(0, Store.ObjectCount);
        AssertNothingOnDisk();
    }

    [Fact]
    public async Task Oversize_declared_size_is_rejected_before_any_byte()
    {
        var e = await Assert.ThrowsAsync<ObjectTooLargeException>(async () => await Store.BeginWriteAsync(null, Max + 1, CancellationToken.None));

        Assert.Equal(Max + 1, e.Size);
        AssertNothingOnDisk();
    }

    [Theory]
    [InlineData(99)]
    [InlineData(101)]
    public async Task Size_different_from_declared_is_rejected(int declared)
    {
        var data = Bytes(100, seed: 12);

        await Assert.ThrowsAsync<SizeMismatchException>(() => PutAsync(Store, data, declared: declared));

        Assert.False(Store.Contains(ContentId.Compute(data)));
        AssertNothingOnDisk();
    }

    [Fact]
    public async Task Missing_object_reads_as_null_and_stats_as_null()
    {
        var id = ContentId.Compute(Bytes(5, seed: 13));

        Assert.Null(await Store.OpenReadAsync(id, 0, null, CancellationToken.None));
        Assert.Null(await Store.StatAsync(id, CancellationToken.None));
        Assert.False(Store.Contains(id));
    }

    [Fact]
    public async Task Delete_removes_object_and_updates_counts()
    {
        var a = await PutAsync(Store, Bytes(300, seed: 14));
        var b = await PutAsync(Store, Bytes(500, seed: 15));

        Assert.True(await Store.DeleteAsync(a.Addr, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(a.Addr, CancellationToken.None));

        Assert.False(Store.Contains(a.Addr));
        Assert.Null(await Store.OpenReadAsync(a.Addr, 0, null, CancellationToken.None));
        Assert.Equal(1, Store.ObjectCount);
        Assert.Equal(500, Store.TotalBytes);
        Assert.True(Store.Contains(b.Addr));
    }

    [Fact]
    public async Task List_returns_every_stored_address()
    {
        var ids = new HashSet<ContentId>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await PutAsync(Store, Bytes(i * 37, seed: 100 + i))).Addr);
        }

        var listed = new HashSet<ContentId>();
        await foreach (var id in Store.ListAsync(CancellationToken.None))
        {
            listed.Add(id);
        }

        Assert.Equal(ids, listed);
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_object_store_it_once()
    {
        var data = Bytes((2 * Block) + 1, seed: 16);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PutAsync(Store, data))));

        Assert.Single(results, r => !r.AlreadyExisted);
        Assert.Equal(1, Store.ObjectCount);
        Assert.Equal(data.Length, Store.TotalBytes);
        Assert.Equal(data, await GetAsync(Store, results[0].Addr));
    }

    [Fact]
    public async Task Cancelled_write_aborts_the_put_and_stores_nothing()
    {
        await using var writer = await Store.BeginWriteAsync(null, null, CancellationToken.None);
        await writer.WriteAsync(Bytes(1000, seed: 17), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await writer.WriteAsync(Bytes(1000, seed: 18), new CancellationToken(canceled: true)));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CommitAsync(CancellationToken.None));
        Assert.Equal(0, Store.ObjectCount);
        AssertNothingOnDisk();
    }

    /// <summary>Asserts no object or temp file is left by a failed PUT (no-op for memory).</summary>
    protected abstract void AssertNothingOnDisk();
}
