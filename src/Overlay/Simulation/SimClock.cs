namespace RustyOnions.Overlay.Simulation;

/// <summary>Virtual time for the simulation: it moves only when a round ends.</summary>
internal sealed class SimClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
