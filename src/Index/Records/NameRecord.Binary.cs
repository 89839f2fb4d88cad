using System.Buffers.Binary;
using System.Text;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Records;

/// <summary>
/// The canonical binary form (specs/index.md, "Canonical encoding"): fixed field order,
/// little-endian integers, length-prefixed strings, signature last.
/// </summary>
public sealed partial class NameRecord
{
    /// <summary>Encoding version byte.</summary>
    public const byte EncodingVersion = 1;

    /// <summary>Largest accepted binary record.</summary>
    public const int MaxEncodedBytes = 4096;

    // version | publisher | seq | created_ms | addr | size  (then name_len u16, name, media_len u8, media, sig)
    private const int FixedHeader = 1 + PublicKeyLength + 8 + 8 + ContentId.DigestLength + 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The full binary record: canonical bytes followed by the 64-byte signature.</summary>
    public ReadOnlySpan<byte> Encoded => EncodedBytes;

    /// <summary>The canonical bytes (everything the signature covers except the domain separator).</summary>
    public ReadOnlySpan<byte> CanonicalBytes => EncodedBytes.AsSpan(0, EncodedBytes.Length - SignatureLength);

    private byte[] EncodedBytes => _encoded ??= Encode();

    /// <summary>Parses the binary form; throws <see cref="IndexException"/> (TooLarge, Malformed, InvalidName).</summary>
    public static NameRecord FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxEncodedBytes)
        {
            throw new IndexException(IndexErrorCode.TooLarge, $"record is {data.Length} bytes; the limit is {MaxEncodedBytes}");
        }

        if (data.Length < FixedHeader + 2 + 1 + SignatureLength)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"record is {data.Length} bytes, shorter than the smallest possible record");
        }

        if (data[0] != EncodingVersion)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"record encoding version is {data[0]}; only {EncodingVersion} is known");
        }

        var publisher = data.Slice(1, PublicKeyLength);
        var seq = ReadInteger(data, 1 + PublicKeyLength, "seq");
        var created = ReadInteger(data, 1 + PublicKeyLength + 8, "created_ms");
        var address = ContentId.FromDigest(data.Slice(1 + PublicKeyLength + 16, ContentId.DigestLength));
        var size = ReadInteger(data, FixedHeader - 8, "size");
        var pos = FixedHeader;
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
        pos += 2;
        if (pos + nameLength + 1 + SignatureLength > data.Length)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"name length {nameLength} runs past the end of the record");
        }

        string name;
        try
        {
            name = StrictUtf8.GetString(data.Slice(pos, nameLength));
        }
        catch (DecoderFallbackException)
        {
            throw new IndexException(IndexErrorCode.InvalidName, "name is not valid UTF-8");
        }

        pos += nameLength;
        var mediaLength = data[pos++];
        if (pos + mediaLength + SignatureLength != data.Length)
        {
            throw new IndexException(
                IndexErrorCode.Malformed,
                $"record length {data.Length} does not match its fields (media_type length {mediaLength}, then a {SignatureLength}-byte signature)");
        }

        var media = data.Slice(pos, mediaLength);
        foreach (var b in media)
        {
            if (b > 0x7E)
            {
                throw new IndexException(IndexErrorCode.Malformed, "media_type holds a non-ASCII byte");
            }
        }

        pos += mediaLength;
        var record = new NameRecord(
            name, address, size, Encoding.ASCII.GetString(media), seq, created, publisher.ToArray(), data[pos..].ToArray());
        record._encoded = data.ToArray();
        return record;
    }

    private static long ReadInteger(ReadOnlySpan<byte> data, int offset, string field)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
        if (value > NameRules.MaxInteger)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"{field} is {value}; it must be at most 2^53-1");
        }

        return (long)value;
    }

    private byte[] Encode()
    {
        var nameLength = Encoding.UTF8.GetByteCount(Name);
        var buffer = new byte[FixedHeader + 2 + nameLength + 1 + MediaType.Length + SignatureLength];
        var span = buffer.AsSpan();
        span[0] = EncodingVersion;
        _publisher.CopyTo(span[1..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(1 + PublicKeyLength)..], (ulong)Seq);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(1 + PublicKeyLength + 8)..], (ulong)CreatedUnixMs);
        Address.Digest.CopyTo(span[(1 + PublicKeyLength + 16)..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(FixedHeader - 8)..], (ulong)Size);
        var pos = FixedHeader;
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], (ushort)nameLength);
        pos += 2;
        pos += Encoding.UTF8.GetBytes(Name, span[pos..]);
        span[pos++] = (byte)MediaType.Length;
        pos += Encoding.ASCII.GetBytes(MediaType, span[pos..]);
        _signature.CopyTo(span[pos..]);
        return buffer;
    }
}
