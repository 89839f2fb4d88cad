using RustyOnions.Node.Admission;

namespace RustyOnions.Node.Tests.Admission;

public sealed class InflightGateTests
{
    [Fact]
    public void Gate_admits_up_to_max_then_refuses_until_a_place_is_released()
    {
        var gate = new InflightGate(3);
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        Assert.Equal(3, gate.Count);
        gate.Exit();
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
    }

    [Fact]
    public void Refused_entries_leave_the_count_unchanged_under_contention()
    {
        var gate = new InflightGate(8);
        var admitted = 0;
        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            if (gate.TryEnter())
            {
                Interlocked.Increment(ref admitted);
                Assert.InRange(gate.Count, 1, 8 + 4); // refused increments are undone at once
                gate.Exit();
            }
        });
        Assert.Equal(0, gate.Count);
        Assert.True(admitted > 0);
    }

    [Theory]
    [InlineData(10, 90, 8, false)]
    [InlineData(10, 90, 9, true)]
    [InlineData(100, 90, 90, true)]
    [InlineData(100, 90, 89, false)]
    public void IsAbove_compares_count_with_percentage_of_max(int max, int pct, int holders, bool expected)
    {
        var gate = new InflightGate(max);
        for (var i = 0; i < holders; i++)
        {
            Assert.True(gate.TryEnter());
        }

        Assert.Equal(expected, gate.IsAbove(pct));
    }
}
