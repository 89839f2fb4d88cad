using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Tor;

/// <summary>A snapshot of the node's tor side, reported by /readyz and `ron status`.</summary>
/// <param name="State">"connecting", "publishing", "published" or "failed".</param>
/// <param name="Bootstrap">tor's bootstrap progress in percent (-1 when unknown).</param>
/// <param name="Onion">The onion address once known (it is known before it is published).</param>
/// <param name="Uploads">HS_DESC UPLOADED events seen since the last (re)publication.</param>
/// <param name="Republishes">How often the service was re-published for lack of uploads.</param>
/// <param name="Error">Why tor is not working, or null.</param>
public sealed record NodeTorStatus(string State, int Bootstrap, NodeAddress? Onion, int Uploads, int Republishes, string? Error)
{
    /// <summary>True once the descriptor was uploaded to enough HSDirs.</summary>
    public bool IsPublished => State == "published";

    /// <summary>The HTTP gateways' base URLs on the onion (name → URL), or null when none is published.</summary>
    public IReadOnlyDictionary<string, string>? Gateways { get; init; }

    /// <summary>As JSON-ready values.</summary>
    public Dictionary<string, object?> ToJson() => new()
    {
        ["state"] = State,
        ["bootstrap"] = Bootstrap,
        ["onion"] = Onion?.ToString(),
        ["uploads"] = Uploads,
        ["republishes"] = Republishes,
        ["error"] = Error,
        ["gateways"] = Gateways,
    };
}
