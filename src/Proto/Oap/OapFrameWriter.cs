using System.Buffers;
using System.Buffers.Binary;

namespace RustyOnions.Proto.Oap;

/// <summary>Encodes OAP/1 frames into an <see cref="IBufferWriter{T}"/> with one header write.</summary>
public static class OapFrameWriter
{
    /// <summary>Largest payload that fits in one frame of <paramref name="maxFrame"/> with <paramref name="capLength"/> cap bytes.</summary>
    public static int MaxPayload(int maxFrame, int capLength = 0) => maxFrame - OapHeader.FixedSize - capLength;

    /// <summary>Writes one frame. Throws <see cref="ArgumentException"/> if it would break OAP/1 rules.</summary>
    public static void Write(IBufferWriter<byte> writer, in OapHeader header, ReadOnlySpan<byte> cap, ReadOnlySpan<byte> payload, int maxFrame = OapHeader.DefaultMaxFrame)
    {
        var span = writer.GetSpan(OapHeader.HeaderSize);
        WriteHeader(span, header, cap.Length, payload.Length, maxFrame);
        writer.Advance(OapHeader.HeaderSize);
        if (!cap.IsEmpty)
        {
            writer.Write(cap);
        }

        if (!payload.IsEmpty)
        {
            writer.Write(payload);
        }
    }

    /// <summary>Writes one frame whose payload is a sequence (e.g. straight from a pipe).</summary>
    public static void Write(IBufferWriter<byte> writer, in OapHeader header, ReadOnlySpan<byte> cap, in ReadOnlySequence<byte> payload, int maxFrame = OapHeader.DefaultMaxFrame)
    {
        var span = writer.GetSpan(OapHeader.HeaderSize);
        WriteHeader(span, header, cap.Length, checked((int)payload.Length), maxFrame);
        writer.Advance(OapHeader.HeaderSize);
        if (!cap.IsEmpty)
        {
            writer.Write(cap);
        }

        foreach (var segment in payload)
        {
            writer.Write(segment.Span);
        }
    }

    /// <summary>Writes the 37 header bytes for a frame with the given cap and payload lengths.</summary>
    public static void WriteHeader(Span<byte> destination, in OapHeader header, int capLength, int payloadLength, int maxFrame = OapHeader.DefaultMaxFrame)
    {
        if (capLength > ushort.MaxValue)
        {
            throw new ArgumentException($"cap of {capLength} bytes exceeds the u16 cap_len", nameof(capLength));
        }

        if (capLength > 0 && !header.IsStart)
        {
            throw new ArgumentException("a capability may only be sent on a START frame", nameof(capLength));
        }

        var len = (long)OapHeader.FixedSize + capLength + payloadLength;
        if (len > maxFrame)
        {
            throw new ArgumentException($"frame of {len} bytes exceeds max_frame {maxFrame}", nameof(payloadLength));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)len);
        destination[4] = OapHeader.Version;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[5..], (ushort)header.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[7..], header.Code);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[9..], header.AppProtoId);
        BinaryPrimitives.WriteUInt128LittleEndian(destination[11..], header.TenantId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[27..], (ushort)capLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[29..], header.CorrId);
    }

    /// <summary>Encodes one frame into a new array (tests, vectors, cold paths).</summary>
    public static byte[] ToArray(in OapHeader header, ReadOnlySpan<byte> cap, ReadOnlySpan<byte> payload, int maxFrame = OapHeader.DefaultMaxFrame)
    {
        var buffer = new ArrayBufferWriter<byte>(OapHeader.HeaderSize + cap.Length + payload.Length);
        Write(buffer, header, cap, payload, maxFrame);
        return buffer.WrittenSpan.ToArray();
    }
}
