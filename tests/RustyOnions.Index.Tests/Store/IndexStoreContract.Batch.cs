using RustyOnions.Index.Records;
using RustyOnions.Index.Store;

namespace RustyOnions.Index.Tests.Store;

/// <summary>Batch publishing.</summary>
public abstract partial class IndexStoreContract
{
    [Fact]
    public async Task PublishMany_gives_the_same_outcomes_as_one_by_one_in_input_order()
    {
        var r2 = TestData.Record(TestData.KeyA, "b/one", 2, "two");
        var r1 = TestData.Record(TestData.KeyA, "b/one", 1, "one");
        var x = TestData.Record(TestData.KeyA, "b/race", 1, "x");
        var y = TestData.Record(TestData.KeyA, "b/race", 1, "y");
        var other = TestData.Record(TestData.KeyB, "b/two", 1);
        NameRecord[] batch = [r2, r1, x, y, other, r2];
        var single = await NewStoreAsync();
        var expected = new List<PublishOutcome>();
        foreach (var record in batch)
        {
            expected.Add((await single.PublishAsync(record)).Outcome);
        }

        var batched = await NewStoreAsync();
        var results = await batched.PublishManyAsync(batch);

        Assert.Equal(expected, results.Select(r => r.Outcome));
        Assert.Equal(
            [PublishOutcome.Accepted, PublishOutcome.Stale, PublishOutcome.Accepted],
            results.Take(3).Select(r => r.Outcome));
        Assert.Equal([1L, 0L, 2L], results.Take(3).Select(r => r.ChangeSeq));
        Assert.Equal(1, batched.ConflictCount);
        foreach (var name in batch.Select(r => r.Name).Distinct())
        {
            Assert.Equal(await single.ResolveAsync(name), await batched.ResolveAsync(name));
        }
    }

    [Fact]
    public async Task PublishMany_with_one_forged_record_stores_nothing()
    {
        var store = await NewStoreAsync();
        var good = TestData.Record(TestData.KeyA, "batch/good", 1);
        var victim = TestData.Record(TestData.KeyA, "batch/forged", 1);
        var sig = victim.Signature.ToArray();
        sig[63] ^= 0x10;
        var forged = NameRecord.Create(victim.Name, victim.Address, victim.Size, victim.MediaType, victim.Seq, victim.CreatedUnixMs, victim.Publisher, sig);

        var error = await Assert.ThrowsAsync<IndexException>(async () => await store.PublishManyAsync([good, forged]));

        Assert.Equal(IndexErrorCode.BadSignature, error.Code);
        Assert.StartsWith("record 1 of the batch", error.Message, StringComparison.Ordinal);
        await AssertEmptyAsync(store, good.Name);
    }
}
