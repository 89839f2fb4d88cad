using System.Buffers.Binary;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// The manifest of an erasure-coded object (format <c>RONEM1</c>, specs/erasure.md §5): the object's
/// address and size, k, m, alignment, the nominal segment size, and per segment its length and shard ids.
/// </summary>
public sealed record ObjectManifest
{
    /// <summary>Largest manifest accepted (bytes).</summary>
    public const int MaxBytes = 16 << 20;

    private const int HeaderBytes = 60;
    private const int TrailerBytes = 32;
    private static ReadOnlySpan<byte> Magic => "RONEM1"u8;

    /// <summary>Address of the whole object.</summary>
    public required ContentId Object { get; init; }

    /// <summary>Object size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Data shards per segment (k).</summary>
    public required int DataShards { get; init; }

    /// <summary>Parity shards per segment (m).</summary>
    public required int ParityShards { get; init; }

    /// <summary>Shard size alignment.</summary>
    public required int Alignment { get; init; }

    /// <summary>Nominal segment size (every segment but the last has exactly this length).</summary>
    public required int SegmentBytes { get; init; }

    /// <summary>The segments, in object order.</summary>
    public required IReadOnlyList<ManifestSegment> Segments { get; init; }

    /// <summary>k + m.</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>Offset of segment <paramref name="index"/> in the object.</summary>
    public long SegmentOffset(int index) => (long)index * SegmentBytes;

    /// <summary>The manifest's bytes.</summary>
    public byte[] Encode()
    {
        var n = TotalShards;
        var bytes = new byte[HeaderBytes + (Segments.Count * (4 + (n * ContentId.DigestLength))) + TrailerBytes];
        var s = bytes.AsSpan();
        Magic.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], 1);
        Object.Digest.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(s[40..], Size);
        s[48] = (byte)DataShards;
        s[49] = (byte)ParityShards;
        BinaryPrimitives.WriteUInt16LittleEndian(s[50..], (ushort)Alignment);
        BinaryPrimitives.WriteInt32LittleEndian(s[52..], SegmentBytes);
        BinaryPrimitives.WriteInt32LittleEndian(s[56..], Segments.Count);
        var at = HeaderBytes;
        foreach (var seg in Segments)
        {
            BinaryPrimitives.WriteInt32LittleEndian(s[at..], seg.Length);
            at += 4;
            foreach (var shard in seg.Shards)
            {
                shard.Digest.CopyTo(s[at..]);
                at += ContentId.DigestLength;
            }
        }

        Blake3.Hasher.Hash(s[..at], s[at..]);
        return bytes;
    }

    /// <summary>Decodes and checks manifest bytes.</summary>
    /// <exception cref="ManifestFormatException">The bytes are not a valid manifest.</exception>
    public static ObjectManifest Decode(ReadOnlySpan<byte> s)
    {
        if (s.Length < HeaderBytes + TrailerBytes || s.Length > MaxBytes)
        {
            throw new ManifestFormatException($"manifest of {s.Length} bytes is outside {HeaderBytes + TrailerBytes}..{MaxBytes}");
        }

        if (!s[..6].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(s[6..]) != 1)
        {
            throw new ManifestFormatException("manifest magic/version is not RONEM1 version 1");
        }

        Span<byte> sum = stackalloc byte[32];
        Blake3.Hasher.Hash(s[..^TrailerBytes], sum);
        if (!sum.SequenceEqual(s[^TrailerBytes..]))
        {
            throw new ManifestFormatException("manifest trailer does not match its bytes");
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(s[40..]);
        int k = s[48], m = s[49];
        var align = BinaryPrimitives.ReadUInt16LittleEndian(s[50..]);
        var segmentBytes = BinaryPrimitives.ReadInt32LittleEndian(s[52..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(s[56..]);
        if (k < 1 || m < 1 || k + m > 255 || align < 1 || segmentBytes < 1 || count < 1 || size < 1)
        {
            throw new ManifestFormatException($"manifest fields out of range: k={k} m={m} alignment={align} segment={segmentBytes} segments={count} size={size}");
        }

        var n = k + m;
        if ((long)HeaderBytes + ((long)count * (4 + (n * ContentId.DigestLength))) + TrailerBytes != s.Length)
        {
            throw new ManifestFormatException($"manifest of {s.Length} bytes does not hold {count} segments of {n} shards");
        }

        var segments = new List<ManifestSegment>(count);
        var at = HeaderBytes;
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(s[at..]);
            at += 4;
            var last = i == count - 1;
            if (length < 1 || length > segmentBytes || (!last && length != segmentBytes))
            {
                throw new ManifestFormatException($"segment {i} has length {length}; segments are {segmentBytes} bytes except a shorter last one");
            }

            var shards = new ContentId[n];
            for (var j = 0; j < n; j++)
            {
                shards[j] = ContentId.FromDigest(s.Slice(at, ContentId.DigestLength));
                at += ContentId.DigestLength;
            }

            total += length;
            segments.Add(new ManifestSegment(length, shards));
        }

        if (total != size)
        {
            throw new ManifestFormatException($"segment lengths sum to {total} but the object has {size} bytes");
        }

        return new ObjectManifest
        {
            Object = ContentId.FromDigest(s.Slice(8, ContentId.DigestLength)),
            Size = size,
            DataShards = k,
            ParityShards = m,
            Alignment = align,
            SegmentBytes = segmentBytes,
            Segments = segments,
        };
    }
}
