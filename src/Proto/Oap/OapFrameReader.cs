using System.Buffers;
using System.Buffers.Binary;

namespace RustyOnions.Proto.Oap;

/// <summary>
/// Decodes OAP/1 frames from a byte sequence without copying or allocating: the returned frame
/// slices the input. The length prefix is checked against max_frame before any payload is awaited,
/// so a peer can never make the reader buffer more than one frame.
/// </summary>
public static class OapFrameReader
{
    /// <summary>
    /// Tries to read one frame from the start of <paramref name="buffer"/>. On success the buffer is
    /// advanced past the frame. Returns false when more bytes are needed; throws
    /// <see cref="OapProtocolException"/> when the bytes can never form a valid frame.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrame, out OapFrame frame)
    {
        frame = default;
        if (buffer.Length < OapHeader.LengthPrefixSize)
        {
            return false;
        }

        Span<byte> fixedBytes = stackalloc byte[OapHeader.HeaderSize];
        var available = (int)Math.Min(buffer.Length, OapHeader.HeaderSize);
        buffer.Slice(0, available).CopyTo(fixedBytes);

        var len = BinaryPrimitives.ReadUInt32LittleEndian(fixedBytes);
        if (len > (uint)maxFrame)
        {
            throw new OapProtocolException(OapProtocolError.FrameTooLarge, $"frame length {len} exceeds max_frame {maxFrame}");
        }

        if (len < OapHeader.FixedSize)
        {
            throw new OapProtocolException(OapProtocolError.FrameTooShort, $"frame length {len} is below the {OapHeader.FixedSize}-byte fixed header");
        }

        if (available > OapHeader.LengthPrefixSize && fixedBytes[4] != OapHeader.Version)
        {
            throw new OapProtocolException(OapProtocolError.BadVersion, $"unsupported OAP version {fixedBytes[4]}; only version 1 is spoken");
        }

        if (available < OapHeader.HeaderSize)
        {
            return false;
        }

        var flags = (OapFlags)BinaryPrimitives.ReadUInt16LittleEndian(fixedBytes[5..]);
        var code = BinaryPrimitives.ReadUInt16LittleEndian(fixedBytes[7..]);
        var app = BinaryPrimitives.ReadUInt16LittleEndian(fixedBytes[9..]);
        var tenant = BinaryPrimitives.ReadUInt128LittleEndian(fixedBytes[11..]);
        var capLen = BinaryPrimitives.ReadUInt16LittleEndian(fixedBytes[27..]);
        var corr = BinaryPrimitives.ReadUInt64LittleEndian(fixedBytes[29..]);

        if (capLen > len - OapHeader.FixedSize)
        {
            throw new OapProtocolException(OapProtocolError.CapOutOfRange, $"cap_len {capLen} runs past the frame ({len - OapHeader.FixedSize} bytes after the header)");
        }

        if (capLen > 0 && (flags & OapFlags.Start) == 0)
        {
            throw new OapProtocolException(OapProtocolError.CapOnNonStart, "a capability may only be sent on a START frame");
        }

        var total = OapHeader.LengthPrefixSize + (long)len;
        if (buffer.Length < total)
        {
            return false;
        }

        var cap = buffer.Slice(OapHeader.HeaderSize, capLen);
        var payload = buffer.Slice(OapHeader.HeaderSize + capLen, len - OapHeader.FixedSize - capLen);
        frame = new OapFrame(new OapHeader(flags, code, app, tenant, corr), cap, payload);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Reads exactly one frame from a complete byte array (tests, vectors).</summary>
    public static OapFrame ReadSingle(ReadOnlyMemory<byte> bytes, int maxFrame = OapHeader.DefaultMaxFrame)
    {
        var seq = new ReadOnlySequence<byte>(bytes);
        if (!TryRead(ref seq, maxFrame, out var frame))
        {
            throw new OapProtocolException(OapProtocolError.Truncated, $"input of {bytes.Length} bytes ends inside a frame");
        }

        if (!seq.IsEmpty)
        {
            throw new OapProtocolException(OapProtocolError.FrameTooShort, $"{seq.Length} bytes follow the frame");
        }

        return frame;
    }
}
