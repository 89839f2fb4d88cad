using RustyOnions.Index.Records;
using RustyOnions.Sdk;
using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Index;

[Collection(FederationCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FederationTests(FederationFixture fed)
{
    private const int A = 0;
    private const int B = 1;
    private const int C = 2;

    [Fact]
    public async Task Publish_on_A_resolves_on_C_through_the_federation()
    {
        var (key, _) = Records.Key(nameof(Publish_on_A_resolves_on_C_through_the_federation));
        var record = Records.Signed(key, "docs/report.txt", 1, "report v1");
        await using var a = await fed.ConnectAsync(A);
        await using var c = await fed.ConnectAsync(C);

        var outcome = await a.PublishAsync(record);
        var resolved = await c.ResolveAsync(record.Name);

        Assert.Equal("accepted", outcome.Outcome);
        Assert.Equal(2, outcome.Replicated);
        Assert.Equal(record, resolved);
        Assert.Equal(record.Address, resolved!.Address);
    }

    [Fact]
    public async Task Resolve_fans_out_to_members_when_the_local_store_lacks_the_name()
    {
        var (key, _) = Records.Key(nameof(Resolve_fans_out_to_members_when_the_local_store_lacks_the_name));
        var record = Records.Signed(key, "only/on/a", 3, "fan-out");
        await using var a = await fed.ConnectAsync(A);
        await using var c = await fed.ConnectAsync(C);

        // replicate:false is the federation push form: A stores it and tells nobody.
        await a.PublishManyAsync([record], replicate: false);
        var resolved = await c.ResolveAsync(record.Name);

        Assert.Equal(record, resolved);
        Assert.Equal(record, await c.ResolveAsync(record.Name, fanOut: false)); // cached after verification
    }

    [Fact]
    public async Task Forged_signature_is_rejected_with_403_BAD_SIGNATURE_and_stored_nowhere()
    {
        var (key, _) = Records.Key(nameof(Forged_signature_is_rejected_with_403_BAD_SIGNATURE_and_stored_nowhere));
        var forged = Records.Forged(key, "bank/account", 1);
        await using var a = await fed.ConnectAsync(A);
        await using var b = await fed.ConnectAsync(B);

        var direct = await Assert.ThrowsAnyAsync<RonException>(() => a.PublishAsync(forged));
        var asPush = await Assert.ThrowsAnyAsync<RonException>(() => b.PublishManyAsync([forged], replicate: false));

        Assert.Equal((ushort)403, direct.Status);
        Assert.Equal("BAD_SIGNATURE", direct.Code);
        Assert.Contains("signature", direct.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((ushort)403, asPush.Status);
        Assert.Equal("BAD_SIGNATURE", asPush.Code);
        await AssertStoredNowhereAsync(forged.Name);
    }

    [Fact]
    public async Task Record_for_someone_elses_namespace_is_rejected_with_403_WRONG_NAMESPACE_and_stored_nowhere()
    {
        var (victim, _) = Records.Key("victim");
        var (_, attackerSeed) = Records.Key("attacker");
        var hijack = Records.ForeignNamespace(victim, attackerSeed, "home/index.html", 99);
        await using var c = await fed.ConnectAsync(C);

        var e = await Assert.ThrowsAnyAsync<RonException>(() => c.PublishAsync(hijack));

        Assert.Equal((ushort)403, e.Status);
        Assert.Equal("WRONG_NAMESPACE", e.Code);
        await AssertStoredNowhereAsync(hijack.Name);
    }

    [Fact]
    public async Task Stale_seq_is_rejected_with_409_STALE_SEQ_and_every_member_keeps_the_newer_record()
    {
        var (key, _) = Records.Key(nameof(Stale_seq_is_rejected_with_409_STALE_SEQ_and_every_member_keeps_the_newer_record));
        var v2 = Records.Signed(key, "app/config", 2, "config v2");
        var v1 = Records.Signed(key, "app/config", 1, "config v1");
        await using var a = await fed.ConnectAsync(A);
        await using var b = await fed.ConnectAsync(B);
        await a.PublishAsync(v2);

        var e = await Assert.ThrowsAsync<RonException>(() => b.PublishAsync(v1));

        Assert.Equal((ushort)409, e.Status);
        Assert.Equal("STALE_SEQ", e.Code);
        for (var i = 0; i < FederationFixture.Count; i++)
        {
            await using var client = await fed.ConnectAsync(i);
            Assert.Equal(v2, await client.ResolveAsync(v2.Name, fanOut: false));
            Assert.DoesNotContain(v1, await client.HistoryAsync(v2.Name));
        }
    }

    [Fact]
    public async Task Conflicting_records_converge_to_the_same_deterministic_winner_on_every_member()
    {
        var (key, _) = Records.Key(nameof(Conflicting_records_converge_to_the_same_deterministic_winner_on_every_member));
        var left = Records.Signed(key, "split/brain", 5, "left");
        var right = Records.Signed(key, "split/brain", 5, "right");
        var winner = left.Signature.SequenceCompareTo(right.Signature) < 0 ? left : right;
        await using var a = await fed.ConnectAsync(A);
        await using var c = await fed.ConnectAsync(C);

        await a.PublishManyAsync([left], replicate: false);
        await c.PublishManyAsync([right], replicate: false);

        await Poll.UntilAsync(
            async () =>
            {
                for (var i = 0; i < FederationFixture.Count; i++)
                {
                    await using var client = await fed.ConnectAsync(i);
                    if (!winner.Equals(await client.ResolveAsync(winner.Name, fanOut: false)))
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(30),
            "every member to hold the conflict winner (smaller signature)");
    }

    [Fact]
    public async Task Member_stopped_during_publishes_catches_up_after_restart()
    {
        var (key, _) = Records.Key(nameof(Member_stopped_during_publishes_catches_up_after_restart));
        var records = Enumerable.Range(0, 60).Select(i => Records.Signed(key, $"while-down/{i:D3}", 1, $"content {i}")).ToList();
        await fed.StopAsync(C);
        try
        {
            await using (var a = await fed.ConnectAsync(A))
            {
                foreach (var r in records.Take(10))
                {
                    Assert.Equal(1, (await a.PublishAsync(r)).Replicated); // B only: C is down
                }

                await a.PublishManyAsync(records.Skip(10).ToList());
            }
        }
        finally
        {
            await fed.StartAsync(C);
        }

        await using var c = await fed.ConnectAsync(C);
        await Poll.UntilAsync(
            async () => (await c.ListAsync(key.NameFor("while-down/"), limit: 1000)).Records.Count == records.Count,
            TimeSpan.FromSeconds(30),
            "the restarted member to pull the 60 records it missed");
        foreach (var r in records)
        {
            Assert.Equal(r, await c.ResolveAsync(r.Name, fanOut: false));
        }
    }

    private async Task AssertStoredNowhereAsync(string name)
    {
        for (var i = 0; i < FederationFixture.Count; i++)
        {
            await using var client = await fed.ConnectAsync(i);
            Assert.Null(await client.ResolveAsync(name, fanOut: false));
            Assert.Empty(await client.HistoryAsync(name));
        }

        // And asking with fan-out finds nothing anywhere either.
        await using var any = await fed.ConnectAsync(A);
        Assert.Null(await any.ResolveAsync(name));
    }
}
