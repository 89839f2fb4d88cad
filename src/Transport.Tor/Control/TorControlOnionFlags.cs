namespace RustyOnions.Transport.Tor.Control;

/// <summary>ADD_ONION flags.</summary>
[Flags]
public enum TorControlOnionFlags
{
    /// <summary>No flags: the service lives as long as this control connection.</summary>
    None = 0,

    /// <summary>Detach: the service outlives the control connection (until DEL_ONION or tor exits).</summary>
    Detach = 1,

    /// <summary>DiscardPK: tor does not return the new private key.</summary>
    DiscardPK = 2,
}
