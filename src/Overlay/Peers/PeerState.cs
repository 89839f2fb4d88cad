namespace RustyOnions.Overlay.Peers;

/// <summary>A peer's liveness as this node sees it.</summary>
public enum PeerState
{
    /// <summary>Answered its last ping.</summary>
    Alive,

    /// <summary>Missed pings; still placed on, but probed before being evicted.</summary>
    Suspect,

    /// <summary>Missed too many pings; not placed on, probed rarely, forgotten after a while.</summary>
    Dead,
}
