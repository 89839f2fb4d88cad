using RustyOnions.Proto.Content;

namespace RustyOnions.Sdk;

/// <summary>Whether the node holds an object, and its size.</summary>
public sealed record RonStat(ContentId Addr, bool Exists, long? Size)
{
    /// <summary>The corr_id of the request that answered.</summary>
    public ulong CorrId { get; init; }
}
