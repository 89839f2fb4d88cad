using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.DagPb;

/// <summary>Minimal protobuf reader over a span: varint and length-delimited fields only (the wire types dag-pb
/// and UnixFS use); any other wire type is a format error.</summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        _pos = 0;
    }

    public readonly bool End => _pos >= _data.Length;

    public readonly int Position => _pos;

    /// <summary>Reads a field key; wire type 0 (varint) or 2 (length-delimited).</summary>
    public (int Field, int WireType) ReadKey()
    {
        int at = _pos;
        ulong key = Varint.Read(_data[_pos..], out int n, $"{_what}: field key at offset {at}");
        _pos += n;
        int wire = (int)(key & 7);
        ulong field = key >> 3;
        if (field == 0 || field > int.MaxValue)
            throw new IpfsFormatException($"{_what}: invalid field number {field} at offset {at}");
        if (wire is not (0 or 2))
            throw new IpfsFormatException($"{_what}: unsupported wire type {wire} for field {field} at offset {at}");
        return ((int)field, wire);
    }

    public ulong ReadVarint(string field)
    {
        ulong v = Varint.Read(_data[_pos..], out int n, $"{_what}: {field}");
        _pos += n;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes(string field)
    {
        ulong len = ReadVarint(field + " length");
        if (len > (ulong)(_data.Length - _pos))
            throw new IpfsFormatException(
                $"{_what}: {field} length {len} runs past the end ({_data.Length - _pos} bytes left)");
        var s = _data.Slice(_pos, (int)len);
        _pos += (int)len;
        return s;
    }

    public void Skip(int wireType, string field)
    {
        if (wireType == 0)
            ReadVarint(field);
        else
            ReadBytes(field);
    }

    public readonly void Expect(int wireType, int expected, string field)
    {
        if (wireType != expected)
            throw new IpfsFormatException($"{_what}: {field} has wire type {wireType}, expected {expected}");
    }
}
