using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Records;

/// <summary>Tombstones: signed records that unpublish a name (specs/index.md §8 "Tombstones").</summary>
public sealed partial class NameRecord
{
    /// <summary>The media type that marks a record as a tombstone.</summary>
    public const string TombstoneMediaType = "application/x-ron-tombstone";

    /// <summary>The address every tombstone carries: BLAKE3 of zero bytes.</summary>
    public static ContentId TombstoneAddress { get; } = ContentId.Compute([]);

    /// <summary>
    /// True when this record unpublishes its name: stores keep it as the current record (so lower seqs stay stale
    /// and the deletion federates) but resolve and list treat the name as absent.
    /// </summary>
    public bool IsTombstone => string.Equals(MediaType, TombstoneMediaType, StringComparison.Ordinal);

    /// <summary>Signs a tombstone for <paramref name="path"/> in the publisher's namespace; <paramref name="seq"/> must exceed the live record's.</summary>
    public static NameRecord SignTombstone(PublisherKey publisher, string path, long seq, DateTimeOffset created) =>
        Sign(publisher, path, TombstoneAddress, 0, TombstoneMediaType, seq, created);

    private static void ValidateTombstone(ContentId address, long size, string mediaType)
    {
        if (string.Equals(mediaType, TombstoneMediaType, StringComparison.Ordinal) && (size != 0 || address != TombstoneAddress))
        {
            throw new IndexException(IndexErrorCode.Malformed, $"a tombstone ({TombstoneMediaType}) must have size 0 and addr {TombstoneAddress}");
        }
    }
}
