using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Tor;

/// <summary>
/// The node's published onion address for services that report it (HELLO); null until the
/// onion service is published, or when tor is off.
/// </summary>
public sealed class OnionAddressSource
{
    private volatile NodeTorService? _service;

    /// <summary>The published onion address, or null.</summary>
    public NodeAddress? Current => _service?.Status is { IsPublished: true } s ? s.Onion : null;

    /// <summary>Attaches the running tor service.</summary>
    public void Attach(NodeTorService service) => _service = service;
}
