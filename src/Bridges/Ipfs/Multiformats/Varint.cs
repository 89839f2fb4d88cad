namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>Multiformats unsigned varint (unsigned LEB128): at most 9 bytes / 63 bits, minimal encoding only.</summary>
public static class Varint
{
    /// <summary>Largest encoded length accepted (the multiformats unsigned-varint bound).</summary>
    public const int MaxLength = 9;

    /// <summary>Largest value that fits 9 bytes of 7 bits.</summary>
    public const ulong MaxValue = (1UL << 63) - 1;

    /// <summary>Number of bytes <paramref name="value"/> takes encoded.</summary>
    public static int GetLength(ulong value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value exceeds 63 bits.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(Span<byte> destination, ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        int i = 0;
        while (value >= 0x80)
        {
            if (i >= destination.Length)
                throw new ArgumentException("destination too small for varint", nameof(destination));
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        if (i >= destination.Length)
            throw new ArgumentException("destination too small for varint", nameof(destination));
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Bytes beginning with the varint.</param>
    /// <param name="consumed">Bytes the varint took.</param>
    /// <param name="what">Names the field in error messages (e.g. "CID version").</param>
    /// <exception cref="IpfsFormatException">Truncated, longer than 9 bytes, or not minimally encoded.</exception>
    public static ulong Read(ReadOnlySpan<byte> source, out int consumed, string what = "varint")
    {
        var status = TryRead(source, out ulong value, out consumed);
        return status switch
        {
            VarintStatus.Ok => value,
            VarintStatus.Truncated => throw new IpfsFormatException($"{what}: truncated varint ({source.Length} bytes available)"),
            VarintStatus.TooLong => throw new IpfsFormatException($"{what}: varint longer than {MaxLength} bytes"),
            _ => throw new IpfsFormatException($"{what}: varint is not minimally encoded"),
        };
    }

    /// <summary>Reads a varint without throwing; <see cref="VarintStatus.Truncated"/> lets stream readers ask for more bytes.</summary>
    public static VarintStatus TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        int shift = 0;
        for (int i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
                return VarintStatus.Truncated;
            byte b = source[i];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                // A final 0x00 after at least one byte means a shorter encoding existed.
                if (b == 0 && i > 0)
                    return VarintStatus.NotMinimal;
                consumed = i + 1;
                return VarintStatus.Ok;
            }
            shift += 7;
        }
        return VarintStatus.TooLong;
    }
}
