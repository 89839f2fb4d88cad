namespace RustyOnions.Node.Oap;

/// <summary>Limits of the OAP/1 server.</summary>
/// <param name="MaxFrame">Largest frame accepted and sent (the <c>len</c> field).</param>
/// <param name="MaxInflight">Advertised in HELLO: requests the node will run at once.</param>
/// <param name="ServerVersion">Reported in HELLO.</param>
/// <param name="PeerId">This node's PeerId, reported in HELLO.</param>
/// <param name="Transports">Transports this node listens on, reported in HELLO.</param>
public sealed record OapServerOpts(int MaxFrame, int MaxInflight, string ServerVersion, string PeerId, IReadOnlyList<string> Transports);
