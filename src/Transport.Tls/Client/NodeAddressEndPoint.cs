using System.Net;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>An <see cref="EndPoint"/> naming a <see cref="NodeAddress"/>, so connection factories can take pins.</summary>
public sealed class NodeAddressEndPoint(NodeAddress address) : EndPoint
{
    /// <summary>The address, with its optional PeerId pin.</summary>
    public NodeAddress Address { get; } = address ?? throw new ArgumentNullException(nameof(address));

    /// <inheritdoc />
    public override string ToString() => Address.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeAddressEndPoint other && other.Address == Address;

    /// <inheritdoc />
    public override int GetHashCode() => Address.GetHashCode();
}
