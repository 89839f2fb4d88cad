namespace RustyOnions.Index.Mapping;

/// <summary>Argument checks shared by the <see cref="ICidMap"/> implementations.</summary>
internal static class CidMapValidation
{
    /// <summary>Longest binary CID accepted (version + codec varints + a 64-byte digest with its header).</summary>
    public const int MaxCidBytes = 128;

    public static void Check(CidMapEntry entry)
    {
        if (entry.Cid.IsEmpty || entry.Cid.Length > MaxCidBytes)
        {
            throw new ArgumentException($"a binary CID has 1..{MaxCidBytes} bytes, got {entry.Cid.Length}", nameof(entry));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(entry.Size, nameof(entry));
    }
}
