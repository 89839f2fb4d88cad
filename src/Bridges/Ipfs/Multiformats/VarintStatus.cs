namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>Outcome of <see cref="Varint.TryRead"/>.</summary>
public enum VarintStatus
{
    /// <summary>A complete, valid varint was read.</summary>
    Ok,
    /// <summary>The input ended inside the varint.</summary>
    Truncated,
    /// <summary>More than 9 bytes (63 bits).</summary>
    TooLong,
    /// <summary>A longer-than-necessary encoding (trailing zero group).</summary>
    NotMinimal,
}
