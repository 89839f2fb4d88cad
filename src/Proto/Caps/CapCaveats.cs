namespace RustyOnions.Proto.Caps;

/// <summary>Optional limits a capability carries; 0 on the wire (null here) means no limit.</summary>
public sealed record CapCaveats(uint? Rps = null, ulong? BytesPerDay = null, ulong? MaxObjectSize = null)
{
    /// <summary>No caveats.</summary>
    public static CapCaveats None { get; } = new();
}
