namespace RustyOnions.Transport.Tor.Control;

/// <summary>ADD_ONION's answer.</summary>
/// <param name="ServiceId">The 56-character v3 address without ".onion".</param>
/// <param name="PrivateKey">"ED25519-V3:&lt;base64&gt;" for a NEW key (unless DiscardPK), otherwise null.</param>
public sealed record TorControlOnionService(string ServiceId, string? PrivateKey)
{
    /// <summary>The host name: ServiceId + ".onion".</summary>
    public string OnionAddress => ServiceId + ".onion";
}
