using RustyOnions.Index.Records;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Index;

/// <summary>Listing 10,000 names page by page over OAP/1 with the SDK, against one real node.</summary>
[Trait("Category", "Slow")]
public sealed class ListPagingTests : IAsyncLifetime
{
    private const int Total = 10_000;
    private readonly TempDir _dir = new("ron-index-list");
    private NodeProcess? _node;

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync(_dir.Combine("data"));

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task List_by_prefix_pages_through_10000_names_in_order_without_gaps_or_repeats()
    {
        var (key, _) = Records.Key("list-10k");
        var bulk = Enumerable.Range(0, Total).Select(i => Records.Signed(key, $"bulk/{i % 7}/{i:D5}", 1, $"b{i}")).ToList();
        var others = new[] { Records.Signed(key, "bulk-not-a-dir/x", 1), Records.Signed(key, "aaa/first", 1), Records.Signed(key, "zzz/last", 1) };
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = _node!.Address });
        foreach (var batch in bulk.Concat(others).Chunk(1000))
        {
            var results = await client.PublishManyAsync(batch);
            Assert.All(results, r => Assert.Equal("accepted", r.Outcome));
        }

        var prefix = key.NameFor("bulk/");
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await client.ListAsync(prefix, after, limit: 777);
            pages++;
            seen.AddRange(page.Records.Select(r => r.Name));
            if (!page.IsTruncated)
            {
                break;
            }

            Assert.Equal(777, page.Records.Count);
            after = page.NextStartAfter;
        }

        var expected = bulk.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal((Total + 776) / 777, pages);
        Assert.Equal(expected, seen);

        var rolled = await client.ListAsync(key.NameFor(string.Empty), delimiter: "/");
        Assert.Equal([key.NameFor("aaa/"), key.NameFor("bulk-not-a-dir/"), key.NameFor("bulk/"), key.NameFor("zzz/")], rolled.CommonPrefixes);
        Assert.Empty(rolled.Records);

        var sub = await client.ListAsync(prefix, delimiter: "/");
        Assert.Equal(Enumerable.Range(0, 7).Select(i => key.NameFor($"bulk/{i}/")), sub.CommonPrefixes);
    }
}
