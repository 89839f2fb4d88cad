using RustyOnions.Index.Records;
using RustyOnions.Index.Store;

namespace RustyOnions.Index.Tests.Store;

/// <summary>Tombstones: unpublished names are absent from resolve and list but still held, ordered and fed to anti-entropy.</summary>
public abstract partial class IndexStoreContract
{
    [Fact]
    public async Task Tombstone_hides_the_name_from_resolve_and_list_but_keeps_it_in_history_and_the_change_feed()
    {
        var store = await NewStoreAsync();
        var live = TestData.Record(TestData.KeyA, "docs/gone.txt", 1, "bytes");
        var keep = TestData.Record(TestData.KeyA, "docs/kept.txt", 1, "kept");
        var tomb = NameRecord.SignTombstone(TestData.KeyA, "docs/gone.txt", 2, TestData.Created);
        await store.PublishAsync(live);
        await store.PublishAsync(keep);

        var result = await store.PublishAsync(tomb);

        Assert.Equal(PublishOutcome.Accepted, result.Outcome);
        Assert.True(tomb.IsTombstone);
        Assert.Null(await store.ResolveAsync(live.Name));
        var page = await store.ListAsync(new ListRequest { Prefix = TestData.KeyA.NameFor("docs/"), Limit = 10 });
        Assert.Equal([keep.Name], page.Records.Select(r => r.Name));
        Assert.False(page.IsTruncated);
        Assert.Equal([2L, 1L], (await store.HistoryAsync(live.Name)).Select(r => r.Seq));
        var changes = await store.GetSinceAsync(0);
        Assert.Contains(changes.Changes, c => c.Record.Equals(tomb));
    }

    [Fact]
    public async Task Lower_seq_after_a_tombstone_is_stale_and_a_higher_one_republishes()
    {
        var store = await NewStoreAsync();
        var r1 = TestData.Record(TestData.KeyA, "a.txt", 1, "one");
        await store.PublishAsync(r1);
        await store.PublishAsync(NameRecord.SignTombstone(TestData.KeyA, "a.txt", 2, TestData.Created));

        var again = await store.PublishAsync(r1);
        var r3 = TestData.Record(TestData.KeyA, "a.txt", 3, "three");
        var back = await store.PublishAsync(r3);

        Assert.Equal(PublishOutcome.Stale, again.Outcome);
        Assert.Equal(IndexErrorCode.StaleSeq, Assert.Throws<IndexException>(again.ThrowIfRejected).Code);
        Assert.Equal(PublishOutcome.Accepted, back.Outcome);
        Assert.Equal(r3, await store.ResolveAsync(r1.Name));
    }

    [Fact]
    public async Task Listing_pages_skip_tombstoned_names_with_no_gap_duplicate_or_empty_trailing_page()
    {
        var store = await NewStoreAsync();
        var rnd = new Random(8);
        var live = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var path = $"k/{i:D3}";
            await store.PublishAsync(TestData.Record(TestData.KeyA, path, 1, path));
            if (rnd.Next(3) == 0 || i >= 55 || i is 7 or 8 or 9 or 10 or 11)
            {
                await store.PublishAsync(NameRecord.SignTombstone(TestData.KeyA, path, 2, TestData.Created));
            }
            else
            {
                live.Add(TestData.KeyA.NameFor(path));
            }
        }

        foreach (var limit in new[] { 1, 2, 5, 1000 })
        {
            var (names, _, pages) = await ListAllAsync(store, new ListRequest { Prefix = TestData.KeyA.NameFor("k/"), Limit = limit }, maxPages: 100);
            Assert.Equal(live, names);

            // The last live name is followed only by tombstones: the page holding it must say "not truncated".
            Assert.Equal((live.Count + limit - 1) / limit, pages);
        }
    }

    [Fact]
    public async Task Common_prefix_whose_names_are_all_tombstoned_is_not_listed()
    {
        var store = await NewStoreAsync();
        foreach (var path in new[] { "d/empty/x", "d/empty/y", "d/full/z", "d/top" })
        {
            await store.PublishAsync(TestData.Record(TestData.KeyA, path, 1, path));
        }

        await store.PublishAsync(NameRecord.SignTombstone(TestData.KeyA, "d/empty/x", 2, TestData.Created));
        await store.PublishAsync(NameRecord.SignTombstone(TestData.KeyA, "d/empty/y", 2, TestData.Created));

        var page = await store.ListAsync(new ListRequest { Prefix = TestData.KeyA.NameFor("d/"), Delimiter = "/", Limit = 10 });

        Assert.Equal([TestData.KeyA.NameFor("d/full/")], page.CommonPrefixes);
        Assert.Equal([TestData.KeyA.NameFor("d/top")], page.Records.Select(r => r.Name));
    }

    [Fact]
    public void Tombstone_with_bytes_or_another_address_is_malformed()
    {
        var error = Assert.Throws<IndexException>(() =>
            NameRecord.Sign(TestData.KeyA, "x", TestData.Addr("not empty"), 0, NameRecord.TombstoneMediaType, 1, TestData.Created));
        var sized = Assert.Throws<IndexException>(() =>
            NameRecord.Sign(TestData.KeyA, "x", NameRecord.TombstoneAddress, 3, NameRecord.TombstoneMediaType, 1, TestData.Created));

        Assert.Equal(IndexErrorCode.Malformed, error.Code);
        Assert.Equal(IndexErrorCode.Malformed, sized.Code);
        Assert.Contains("tombstone", error.Message, StringComparison.Ordinal);
    }
}
