namespace RustyOnions.Overlay.Store;

/// <summary>Constants shared by the on-disk and in-memory stores.</summary>
internal static class StoreLayout
{
    /// <summary>Verification block: 256 KiB, the unit of range reads and of outboard hashes.</summary>
    public const int BlockSize = 256 * 1024;

    /// <summary>BLAKE3-256 digest length.</summary>
    public const int HashLength = 32;

    public static long BlockCount(long size) => (size + BlockSize - 1) / BlockSize;
}
