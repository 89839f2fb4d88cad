using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.DagPb;

/// <summary>Minimal protobuf writer into a span sized by the caller (see the Size helpers).</summary>
internal ref struct ProtoWriter
{
    private readonly Span<byte> _dest;
    private int _pos;

    public ProtoWriter(Span<byte> dest)
    {
        _dest = dest;
        _pos = 0;
    }

    public readonly int Written => _pos;

    public static int VarintFieldSize(int field, ulong value) => Varint.GetLength((ulong)field << 3) + Varint.GetLength(value);

    public static int BytesFieldSize(int field, int length) =>
        Varint.GetLength(((ulong)field << 3) | 2) + Varint.GetLength((ulong)length) + length;

    public void WriteVarintField(int field, ulong value)
    {
        _pos += Varint.Write(_dest[_pos..], (ulong)field << 3);
        _pos += Varint.Write(_dest[_pos..], value);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteBytesHeader(field, value.Length);
        value.CopyTo(_dest[_pos..]);
        _pos += value.Length;
    }

    public void WriteBytesHeader(int field, int length)
    {
        _pos += Varint.Write(_dest[_pos..], ((ulong)field << 3) | 2);
        _pos += Varint.Write(_dest[_pos..], (ulong)length);
    }
}
