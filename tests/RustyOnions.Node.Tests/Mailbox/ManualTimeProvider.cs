namespace RustyOnions.Node.Tests.Mailbox;

/// <summary>A clock that moves only when told to (no timers needed by the mailbox).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
