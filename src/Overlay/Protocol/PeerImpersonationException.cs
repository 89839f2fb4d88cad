using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Protocol;

/// <summary>A peer's message claims an identity other than the one its link proved (answered with 403).</summary>
public sealed class PeerImpersonationException : Exception
{
    /// <summary>Creates the exception for a link that proved <paramref name="proven"/> but claimed <paramref name="claimed"/>.</summary>
    public PeerImpersonationException(PeerId proven, PeerId claimed)
        : base($"ping claims PeerId {claimed} but the connection proved {proven}")
    {
    }

    /// <summary>Creates the exception.</summary>
    public PeerImpersonationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PeerImpersonationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PeerImpersonationException()
    {
    }
}
