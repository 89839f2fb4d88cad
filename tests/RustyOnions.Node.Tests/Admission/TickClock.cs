namespace RustyOnions.Node.Tests.Admission;

/// <summary>A monotonic clock (timestamps in ticks of 1 µs) that moves only when told to.</summary>
public sealed class TickClock : TimeProvider
{
    private long _now = 1_000_000;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalMilliseconds * 1000));
}
