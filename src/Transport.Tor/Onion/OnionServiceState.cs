namespace RustyOnions.Transport.Tor.Onion;

/// <summary>Lifecycle of an <see cref="OnionServicePublisher"/>.</summary>
public enum OnionServiceState
{
    /// <summary>Added to tor; waiting for enough descriptor uploads.</summary>
    Publishing,

    /// <summary>At least MinUploads HS_DESC UPLOADED events seen.</summary>
    Published,

    /// <summary>Re-publishing failed (e.g. the control connection was lost).</summary>
    Failed,

    /// <summary>Disposed: DEL_ONION sent.</summary>
    Removed,
}
