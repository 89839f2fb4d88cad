namespace RustyOnions.Node.Admission;

/// <summary>
/// Counts requests in progress and refuses new ones above a limit. Lock-free and allocation-free:
/// one interlocked increment to enter, one decrement to leave.
/// </summary>
public sealed class InflightGate
{
    private int _count;

    /// <summary>Creates a gate admitting at most <paramref name="max"/> holders.</summary>
    public InflightGate(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
    }

    /// <summary>The limit.</summary>
    public int Max { get; }

    /// <summary>Holders right now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a place; false (and nothing taken) when the gate is full.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= Max)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _count);

    /// <summary>True when at least <paramref name="percent"/> % of the places are taken.</summary>
    public bool IsAbove(int percent) => (long)Count * 100 >= (long)Max * percent;
}
