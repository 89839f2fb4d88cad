using RustyOnions.Node.Admission;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Tests.Admission;

public sealed class QuotaTableTests
{
    private static QuotaTable Table(TickClock clock, double rps = 10, double burst = 5, int maxBuckets = 100) =>
        new(new Dictionary<ushort, QuotaRule> { [OapAppId.Mailbox] = new(rps, burst) }, maxBuckets, clock);

    [Fact]
    public void New_bucket_allows_a_burst_then_refuses_with_retry_after_from_the_refill_rate()
    {
        var clock = new TickClock();
        var table = Table(clock, rps: 10, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(table.TryTake(1, OapAppId.Mailbox, out _));
        }

        Assert.False(table.TryTake(1, OapAppId.Mailbox, out var after));
        Assert.Equal(100, after); // one token at 10/s

        clock.Advance(TimeSpan.FromMilliseconds(40));
        Assert.False(table.TryTake(1, OapAppId.Mailbox, out after));
        Assert.Equal(60, after); // 0.4 token back, 0.6 missing

        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.True(table.TryTake(1, OapAppId.Mailbox, out _));
    }

    [Fact]
    public void Retry_after_is_honest_taking_at_the_hint_succeeds()
    {
        var clock = new TickClock();
        var table = Table(clock, rps: 3, burst: 1);
        Assert.True(table.TryTake(7, OapAppId.Mailbox, out _));
        Assert.False(table.TryTake(7, OapAppId.Mailbox, out var after));
        Assert.Equal(334, after); // ceil(1000/3)
        clock.Advance(TimeSpan.FromMilliseconds(after - 1));
        Assert.False(table.TryTake(7, OapAppId.Mailbox, out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(table.TryTake(7, OapAppId.Mailbox, out _));
    }

    [Fact]
    public void Tenants_and_apps_have_separate_buckets_and_apps_without_a_rule_are_unlimited()
    {
        var clock = new TickClock();
        var table = Table(clock, rps: 1, burst: 1);
        Assert.True(table.TryTake(1, OapAppId.Mailbox, out _));
        Assert.False(table.TryTake(1, OapAppId.Mailbox, out _));
        Assert.True(table.TryTake(2, OapAppId.Mailbox, out _));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(table.TryTake(1, OapAppId.Storage, out _));
        }

        Assert.False(table.Limits(OapAppId.Storage));
    }

    [Fact]
    public void Bucket_count_is_bounded_idle_full_buckets_go_first()
    {
        var clock = new TickClock();
        var table = Table(clock, rps: 10, burst: 2, maxBuckets: 4);
        for (UInt128 t = 0; t < 4; t++)
        {
            Assert.True(table.TryTake(t, OapAppId.Mailbox, out _));
        }

        clock.Advance(TimeSpan.FromSeconds(1)); // all refilled: evictable without changing behaviour
        Assert.True(table.TryTake(1, OapAppId.Mailbox, out _)); // tenant 1 active again
        Assert.True(table.TryTake(1, OapAppId.Mailbox, out _));
        Assert.True(table.TryTake(99, OapAppId.Mailbox, out _));
        Assert.InRange(table.Count, 1, 4);
        Assert.False(table.TryTake(1, OapAppId.Mailbox, out _)); // tenant 1 kept its (empty) bucket

        for (UInt128 t = 1000; t < 1100; t++)
        {
            table.TryTake(t, OapAppId.Mailbox, out _);
            Assert.InRange(table.Count, 1, 4);
        }
    }

    [Fact]
    public void Snapshot_reports_available_tokens_after_refill()
    {
        var clock = new TickClock();
        var table = Table(clock, rps: 10, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            table.TryTake(3, OapAppId.Mailbox, out _);
        }

        clock.Advance(TimeSpan.FromMilliseconds(250));
        var seen = new List<(UInt128, ushort, double)>();
        table.Snapshot((t, a, tokens) => seen.Add((t, a, tokens)));
        var (tenant, app, available) = Assert.Single(seen);
        Assert.Equal((UInt128)3, tenant);
        Assert.Equal(OapAppId.Mailbox, app);
        Assert.Equal(2.5, available, 3);
    }
}
