namespace RustyOnions.Node.Auth;

/// <summary>Capability checking settings (specs/caps.md): off by default.</summary>
public sealed record AuthOpts
{
    /// <summary>When true every OAP/1 request (but HELLO and the overlay peer range) and every IPFS gateway read needs a capability.</summary>
    public bool Required { get; init; }

    /// <summary>Issuer public keys trusted besides the node's own identity key (the operator key).</summary>
    public IReadOnlyList<byte[]> Issuers { get; init; } = [];

    /// <summary>Revocation list file (one cap id, 32 hex digits, per line), hot-reloaded; null = none.</summary>
    public string? RevocationsFile { get; init; }
}
