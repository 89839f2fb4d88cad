using RustyOnions.Index.Records;
using RustyOnions.Index.Store;

namespace RustyOnions.Index.Tests.Store;

/// <summary>
/// The behaviour every <see cref="IIndexStore"/> must have. Each implementation runs all of it
/// through a derived class; the partial files split it by concern.
/// </summary>
public abstract partial class IndexStoreContract : IAsyncLifetime
{
    private readonly List<IIndexStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Opens a fresh, empty store of the implementation under test.</summary>
    protected abstract Task<IIndexStore> CreateStoreAsync(IndexStoreOptions options);

    protected async Task<IIndexStore> NewStoreAsync(int historyLimit = 16)
    {
        var store = await CreateStoreAsync(new IndexStoreOptions { HistoryLimit = historyLimit });
        _stores.Add(store);
        return store;
    }

    /// <summary>Asserts the store holds nothing at all: no name, no history, no change.</summary>
    protected static async Task AssertEmptyAsync(IIndexStore store, string name)
    {
        Assert.Equal(0, await store.CountAsync());
        Assert.Null(await store.ResolveAsync(name));
        Assert.Empty(await store.HistoryAsync(name));
        var page = await store.ListAsync(new ListRequest());
        Assert.Empty(page.Records);
        Assert.Empty((await store.GetSinceAsync(0)).Changes);
    }

    [Fact]
    public async Task Publish_then_resolve_returns_the_same_record()
    {
        var store = await NewStoreAsync();
        var record = TestData.Record(TestData.KeyA, "docs/report.pdf", 1, "report");

        var result = await store.PublishAsync(record);

        Assert.Equal(PublishOutcome.Accepted, result.Outcome);
        Assert.True(result.Stored);
        Assert.Null(result.Previous);
        Assert.Equal(1, result.ChangeSeq);
        var resolved = await store.ResolveAsync(record.Name);
        Assert.Equal(record, resolved);
        Assert.Equal(record.Encoded.ToArray(), resolved!.Encoded.ToArray());
    }

    [Fact]
    public async Task Resolve_of_unknown_name_returns_null_and_of_malformed_name_throws()
    {
        var store = await NewStoreAsync();
        Assert.Null(await store.ResolveAsync(TestData.KeyA.NameFor("nothing/here")));
        var error = await Assert.ThrowsAsync<IndexException>(async () => await store.ResolveAsync(TestData.KeyA.NameFor("a/../b")));
        Assert.Equal(IndexErrorCode.InvalidName, error.Code);
    }

    [Fact]
    public async Task Forged_signature_is_rejected_and_stored_nowhere()
    {
        var store = await NewStoreAsync();
        var good = TestData.Record(TestData.KeyA, "docs/report.pdf", 1, "report");
        var sig = good.Signature.ToArray();
        sig[17] ^= 0x40;
        var forged = NameRecord.Create(good.Name, good.Address, good.Size, good.MediaType, good.Seq, good.CreatedUnixMs, good.Publisher, sig);

        var error = await Assert.ThrowsAsync<IndexException>(async () => await store.PublishAsync(forged));

        Assert.Equal(IndexErrorCode.BadSignature, error.Code);
        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
        Assert.Equal(403, error.Status);
        await AssertEmptyAsync(store, good.Name);
    }

    [Fact]
    public async Task Record_for_someone_elses_namespace_is_rejected_and_stored_nowhere()
    {
        var store = await NewStoreAsync();
        var file = Vectors.VectorFiles.Load("wrong-namespace.json");
        var intoA = NameRecord.FromJson(file.GetProperty("cases")[0].GetProperty("steps")[0].GetProperty("record").GetRawText());
        Assert.StartsWith(TestData.KeyA.Namespace, intoA.Name, StringComparison.Ordinal);
        Assert.True(intoA.Publisher.SequenceEqual(TestData.KeyB.PublicKey));

        var error = await Assert.ThrowsAsync<IndexException>(async () => await store.PublishAsync(intoA));

        Assert.Equal(IndexErrorCode.WrongNamespace, error.Code);
        Assert.Contains(TestData.KeyB.Namespace, error.Message, StringComparison.Ordinal);
        await AssertEmptyAsync(store, intoA.Name);
    }

    [Fact]
    public async Task Stale_seq_is_refused_with_a_clear_error_and_not_kept()
    {
        var store = await NewStoreAsync();
        var r5 = TestData.Record(TestData.KeyA, "docs/report.pdf", 5, "five");
        var r4 = TestData.Record(TestData.KeyA, "docs/report.pdf", 4, "four");
        await store.PublishAsync(r5);

        var result = await store.PublishAsync(r4);

        Assert.Equal(PublishOutcome.Stale, result.Outcome);
        Assert.False(result.Stored);
        Assert.Equal(0, result.ChangeSeq);
        Assert.Equal(r5, result.Current);
        var error = Assert.Throws<IndexException>(result.ThrowIfRejected);
        Assert.Equal(IndexErrorCode.StaleSeq, error.Code);
        Assert.Contains("seq 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("held seq 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(r5, await store.ResolveAsync(r5.Name));
        Assert.Equal([5L], (await store.HistoryAsync(r5.Name)).Select(r => r.Seq));
        Assert.Single((await store.GetSinceAsync(0)).Changes);
    }

    [Fact]
    public async Task Higher_seq_replaces_and_history_lists_newest_first()
    {
        var store = await NewStoreAsync();
        foreach (var seq in new long[] { 1, 3, 10 })
        {
            var result = await store.PublishAsync(TestData.Record(TestData.KeyA, "a/b", seq, $"v{seq}"));
            Assert.Equal(PublishOutcome.Accepted, result.Outcome);
        }

        var name = TestData.KeyA.NameFor("a/b");
        Assert.Equal(10, (await store.ResolveAsync(name))!.Seq);
        Assert.Equal([10L, 3L, 1L], (await store.HistoryAsync(name)).Select(r => r.Seq));
        Assert.Equal([10L, 3L], (await store.HistoryAsync(name, limit: 2)).Select(r => r.Seq));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task History_is_pruned_to_the_history_limit()
    {
        var store = await NewStoreAsync(historyLimit: 3);
        for (var seq = 1; seq <= 7; seq++)
        {
            await store.PublishAsync(TestData.Record(TestData.KeyA, "pruned", seq, $"v{seq}"));
        }

        Assert.Equal([7L, 6L, 5L], (await store.HistoryAsync(TestData.KeyA.NameFor("pruned"))).Select(r => r.Seq));
    }

    [Fact]
    public async Task Duplicate_is_harmless_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        var record = TestData.Record(TestData.KeyA, "dup", 1);
        await store.PublishAsync(record);

        var again = await store.PublishAsync(NameRecord.FromBytes(record.Encoded));

        Assert.Equal(PublishOutcome.Duplicate, again.Outcome);
        Assert.True(again.IsCurrent);
        again.ThrowIfRejected();
        Assert.Equal(0, store.ConflictCount);
        Assert.Equal(1, (await store.GetSinceAsync(0)).NextCursor);
    }

    [Fact]
    public async Task Conflict_resolution_is_the_same_whatever_the_arrival_order()
    {
        var x = TestData.Record(TestData.KeyA, "race", 2, "x");
        var y = TestData.Record(TestData.KeyA, "race", 2, "y");
        var winner = x.Signature.SequenceCompareTo(y.Signature) < 0 ? x : y;
        var loser = ReferenceEquals(winner, x) ? y : x;
        var xy = await NewStoreAsync();
        var yx = await NewStoreAsync();
        var events = new List<ConflictEventArgs>();
        xy.ConflictResolved += (_, e) => events.Add(e);
        yx.ConflictResolved += (_, e) => events.Add(e);

        await xy.PublishAsync(x);
        var second = await xy.PublishAsync(y);
        await yx.PublishAsync(y);
        var secondReverse = await yx.PublishAsync(x);

        Assert.Equal(winner, await xy.ResolveAsync(x.Name));
        Assert.Equal(winner, await yx.ResolveAsync(x.Name));
        Assert.Equal([winner], await xy.HistoryAsync(x.Name));
        Assert.Equal([winner], await yx.HistoryAsync(x.Name));
        Assert.Equal(1, xy.ConflictCount);
        Assert.Equal(1, yx.ConflictCount);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(winner, e.Winner));
        Assert.All(events, e => Assert.Equal(loser, e.Loser));
        Assert.Equal(winner, second.Current);
        Assert.Equal(winner, secondReverse.Current);
        var lost = ReferenceEquals(winner, x) ? second : secondReverse;
        Assert.Equal(PublishOutcome.ConflictLost, lost.Outcome);
        Assert.Equal(IndexErrorCode.Conflict, Assert.Throws<IndexException>(lost.ThrowIfRejected).Code);
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public async Task Vector_publish_cases_give_the_expected_outcomes(string file, int index)
    {
        var store = await NewStoreAsync();
        var vector = Vectors.VectorFiles.Load(file).GetProperty("cases")[index];
        foreach (var step in vector.GetProperty("steps").EnumerateArray())
        {
            var record = NameRecord.FromJson(step.GetProperty("record").GetRawText());
            var expect = step.GetProperty("expect").GetString()!;
            if (Enum.TryParse<IndexErrorCode>(expect, out var code))
            {
                var error = await Assert.ThrowsAsync<IndexException>(async () => await store.PublishAsync(record));
                Assert.Equal(code, error.Code);
            }
            else
            {
                var outcome = Enum.Parse<PublishOutcome>(expect.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                Assert.Equal(outcome, (await store.PublishAsync(record)).Outcome);
            }
        }

        var final = vector.GetProperty("final");
        var name = final.GetProperty("name").GetString()!;
        if (final.TryGetProperty("absent", out _))
        {
            await AssertEmptyAsync(store, name);
            return;
        }

        if (final.TryGetProperty("deleted", out _))
        {
            Assert.Null(await store.ResolveAsync(name));
            var held = await store.HistoryAsync(name);
            Assert.True(held[0].IsTombstone);
            Assert.Equal(final.GetProperty("seq").GetInt64(), held[0].Seq);
            Assert.Equal(final.GetProperty("history").EnumerateArray().Select(e => e.GetInt64()), held.Select(r => r.Seq));
            return;
        }

        var current = await store.ResolveAsync(name);
        Assert.NotNull(current);
        Assert.Equal(final.GetProperty("seq").GetInt64(), current.Seq);
        Assert.Equal(final.GetProperty("addr").GetString(), current.Address.ToCanonicalString());
        Assert.Equal(
            final.GetProperty("history").EnumerateArray().Select(e => e.GetInt64()),
            (await store.HistoryAsync(name)).Select(r => r.Seq));
    }

    public static TheoryData<string, int> VectorCases() => Vectors.VectorFiles.PublishCases();
}
