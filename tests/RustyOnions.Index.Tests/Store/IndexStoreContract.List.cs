using System.Text;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;

namespace RustyOnions.Index.Tests.Store;

/// <summary>Listing, paging and the change feed.</summary>
public abstract partial class IndexStoreContract
{
    private static readonly Comparer<string> Utf8Order = Comparer<string>.Create(
        (x, y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));

    [Fact]
    [Trait("Category", "Slow")]
    public async Task List_pages_over_10000_names_in_order_without_gaps_or_duplicates()
    {
        var store = await PublishManyAsync();
        var expected = TestData.TenThousand.Select(r => r.Name).Order(Utf8Order).ToList();

        foreach (var limit in new[] { 1000, 333, 1 })
        {
            var (names, prefixes, pages) = await ListAllAsync(store, new ListRequest { Limit = limit }, maxPages: 10_001);
            Assert.Empty(prefixes);
            Assert.Equal(expected, names);
            Assert.Equal((expected.Count + limit - 1) / limit, pages);
        }

        var dir = TestData.KeyA.NameFor("dir07/");
        var (under, _, _) = await ListAllAsync(store, new ListRequest { Prefix = dir, Limit = 50 }, maxPages: 1000);
        Assert.Equal(expected.Where(n => n.StartsWith(dir, StringComparison.Ordinal)), under);
        Assert.NotEmpty(under);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task List_with_delimiter_rolls_up_common_prefixes_and_pages_across_them()
    {
        var store = await PublishManyAsync();
        var names = TestData.TenThousand.Select(r => r.Name).ToList();
        var ns = TestData.KeyA.Namespace;

        foreach (var prefix in new[] { string.Empty, ns + "/", ns + "/dir05/", ns + "/dir05/sub", ns + "/top-0" })
        {
            var expected = ExpectedEntries(names, prefix, "/");
            foreach (var limit in new[] { 1000, 7, 1 })
            {
                var (records, prefixes, _) = await ListAllAsync(store, new ListRequest { Prefix = prefix, Delimiter = "/", Limit = limit }, maxPages: 20_000);
                var got = records.Concat(prefixes).Order(Utf8Order).ToList();
                Assert.Equal(expected, got);
                Assert.Equal(got.Count, got.Distinct(StringComparer.Ordinal).Count());
            }
        }

        var top = await store.ListAsync(new ListRequest { Prefix = ns + "/", Delimiter = "/", Limit = 1000 });
        // "dirNN/" sorts before "top-": the page holds all 37 directories, then 963 of the 1,000 top-level files.
        Assert.Equal(37, top.CommonPrefixes.Count);
        Assert.Equal(1000 - 37, top.Records.Count);
        Assert.True(top.IsTruncated);
        Assert.All(top.Records, r => Assert.DoesNotContain('/', r.Path));
    }

    [Fact]
    public async Task List_orders_names_by_utf8_bytes_and_honours_start_after()
    {
        var store = await NewStoreAsync();
        string[] paths = ["z", "a", "é", "\uFFFD", "😀", "\uE000", "a b", "A", "~"];
        foreach (var path in paths)
        {
            await store.PublishAsync(TestData.Record(TestData.KeyA, path, 1));
        }

        var expected = paths.Select(TestData.KeyA.NameFor).Order(Utf8Order).ToList();
        var all = await store.ListAsync(new ListRequest());
        Assert.Equal(expected, all.Records.Select(r => r.Name));
        Assert.False(all.IsTruncated);
        Assert.Equal(expected[^1], all.NextStartAfter);

        var after = await store.ListAsync(new ListRequest { StartAfter = expected[3], Limit = 2 });
        Assert.Equal(expected.Skip(4).Take(2), after.Records.Select(r => r.Name));
        Assert.True(after.IsTruncated);
        Assert.Equal(expected[5], after.NextStartAfter);

        var before = await store.ListAsync(new ListRequest { Prefix = TestData.KeyA.NameFor("a"), StartAfter = "0" });
        Assert.Equal([TestData.KeyA.NameFor("a"), TestData.KeyA.NameFor("a b")], before.Records.Select(r => r.Name));

        var beyond = await store.ListAsync(new ListRequest { Prefix = TestData.KeyA.NameFor("a"), StartAfter = TestData.KeyA.NameFor("b") });
        Assert.Empty(beyond.Records);
        Assert.Null(beyond.NextStartAfter);
    }

    [Fact]
    public async Task List_rejects_bad_requests()
    {
        var store = await NewStoreAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync(new ListRequest { Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync(new ListRequest { Limit = 1001 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ListAsync(new ListRequest { Delimiter = string.Empty }));
    }

    [Fact]
    public async Task GetSince_returns_each_name_once_at_its_latest_change_and_pages()
    {
        var store = await NewStoreAsync();
        for (var i = 1; i <= 5; i++)
        {
            await store.PublishAsync(TestData.Record(TestData.KeyA, $"n{i}", 1));
        }

        var update = await store.PublishAsync(TestData.Record(TestData.KeyA, "n2", 2));
        Assert.Equal(6, update.ChangeSeq);

        var first = await store.GetSinceAsync(0, limit: 2);
        Assert.Equal(["n1", "n3"], first.Changes.Select(c => c.Record.Path));
        Assert.Equal([1L, 3L], first.Changes.Select(c => c.ChangeSeq));
        Assert.True(first.HasMore);
        var rest = await store.GetSinceAsync(first.NextCursor, limit: 1000);
        Assert.Equal(["n4", "n5", "n2"], rest.Changes.Select(c => c.Record.Path));
        Assert.Equal(2, rest.Changes[^1].Record.Seq);
        Assert.False(rest.HasMore);
        Assert.Equal(6, rest.NextCursor);
        var none = await store.GetSinceAsync(6);
        Assert.Empty(none.Changes);
        Assert.Equal(6, none.NextCursor);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.GetSinceAsync(-1));
    }

    [Fact]
    public async Task Concurrent_publishers_and_readers_see_consistent_records()
    {
        var store = await NewStoreAsync();
        var records = TestData.TenThousand.Take(800).ToArray();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < records.Length; i += 4)
            {
                Assert.Equal(PublishOutcome.Accepted, (await store.PublishAsync(records[i])).Outcome);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            for (var i = r; i < records.Length; i += 4)
            {
                var got = await store.ResolveAsync(records[i].Name);
                Assert.True(got is null || got.Equals(records[i]));
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(records.Length, await store.CountAsync());
        var changes = await store.GetSinceAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, records.Length).Select(i => (long)i), changes.Changes.Select(c => c.ChangeSeq));
    }

    private async Task<IIndexStore> PublishManyAsync()
    {
        var store = await NewStoreAsync();
        var shuffled = TestData.TenThousand.ToArray();
        new Random(1234).Shuffle(shuffled);
        foreach (var record in shuffled)
        {
            await store.PublishAsync(record);
        }

        Assert.Equal(shuffled.Length, await store.CountAsync());
        return store;
    }

    private static async Task<(List<string> Names, List<string> Prefixes, int Pages)> ListAllAsync(IIndexStore store, ListRequest request, int maxPages)
    {
        var names = new List<string>();
        var prefixes = new List<string>();
        var pages = 0;
        string? startAfter = null;
        while (true)
        {
            Assert.True(++pages <= maxPages, "listing does not terminate");
            var page = await store.ListAsync(request with { StartAfter = startAfter });
            Assert.True(page.Records.Count + page.CommonPrefixes.Count <= request.Limit);
            names.AddRange(page.Records.Select(r => r.Name));
            prefixes.AddRange(page.CommonPrefixes);
            if (!page.IsTruncated)
            {
                return (names, prefixes, pages);
            }

            Assert.NotNull(page.NextStartAfter);
            startAfter = page.NextStartAfter;
        }
    }

    // Independent model of delimiter listing: roll each name up, dedupe, sort by UTF-8 bytes.
    private static List<string> ExpectedEntries(IEnumerable<string> names, string prefix, string delimiter) =>
        names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var at = n.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                return at < 0 ? n : n[..(at + delimiter.Length)];
            })
            .Distinct(StringComparer.Ordinal)
            .Order(Utf8Order)
            .ToList();
}
