using System.Buffers;

namespace RustyOnions.Proto.Oap;

/// <summary>
/// A decoded frame whose cap and payload are slices of the reader's buffer: valid only until the
/// caller advances past them. Copy what must outlive the read.
/// </summary>
public readonly struct OapFrame
{
    /// <summary>Creates a frame view.</summary>
    public OapFrame(OapHeader header, ReadOnlySequence<byte> cap, ReadOnlySequence<byte> payload)
    {
        Header = header;
        Cap = cap;
        Payload = payload;
    }

    /// <summary>The fixed header.</summary>
    public OapHeader Header { get; }

    /// <summary>The capability bytes (START frames only; empty otherwise).</summary>
    public ReadOnlySequence<byte> Cap { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The value of the <c>len</c> field of this frame.</summary>
    public int WireLength => OapHeader.FixedSize + (int)Cap.Length + (int)Payload.Length;
}
