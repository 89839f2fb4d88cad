using System.Buffers;
using System.Globalization;
using System.Text.Json;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing;

namespace RustyOnions.Proto.Tests.Oap;

public sealed class FrameVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("specs", "vectors", "oap", "frames.json"))).RootElement;

    public static TheoryData<string> ValidNames() => Names("valid");

    public static TheoryData<string> InvalidNames() => Names("invalid");

    [Fact]
    public void Vector_file_has_every_required_case()
    {
        var names = Vectors.GetProperty("valid").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "hello_request", "hello_reply", "request_with_cap", "stream_start", "stream_middle", "stream_end", "error_frame" }, names);
        Assert.Contains(Vectors.GetProperty("invalid").EnumerateArray(), v => v.GetProperty("name").GetString() == "oversize_header");
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_decodes_to_its_fields_and_reencodes_byte_for_byte(string name)
    {
        var v = Find("valid", name);
        var bytes = Convert.FromHexString(v.GetProperty("hex").GetString()!);
        var f = v.GetProperty("frame");

        var frame = OapFrameReader.ReadSingle(bytes);

        Assert.Equal((OapFlags)f.GetProperty("flags").GetInt32(), frame.Header.Flags);
        Assert.Equal(f.GetProperty("code").GetUInt16(), frame.Header.Code);
        Assert.Equal(f.GetProperty("app").GetUInt16(), frame.Header.AppProtoId);
        Assert.Equal(UInt128.Parse(f.GetProperty("tenant").GetString()!, CultureInfo.InvariantCulture), frame.Header.TenantId);
        Assert.Equal(f.GetProperty("corr").GetUInt64(), frame.Header.CorrId);
        var cap = Convert.FromHexString(f.GetProperty("cap").GetString()!);
        var payload = Convert.FromHexString(f.GetProperty("payload").GetString()!);
        Assert.Equal(cap, frame.Cap.ToArray());
        Assert.Equal(payload, frame.Payload.ToArray());

        var reencoded = OapFrameWriter.ToArray(frame.Header, cap, payload);
        Assert.Equal(bytes, reencoded);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vector_is_rejected_with_its_error(string name)
    {
        var v = Find("invalid", name);
        var bytes = Convert.FromHexString(v.GetProperty("hex").GetString()!);
        var expected = Enum.Parse<OapProtocolError>(v.GetProperty("error").GetString()!);
        var seq = new ReadOnlySequence<byte>(bytes);

        var e = Assert.Throws<OapProtocolException>(() => OapFrameReader.TryRead(ref seq, v.GetProperty("max_frame").GetInt32(), out _));

        Assert.Equal(expected, e.Error);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_fed_one_byte_at_a_time_waits_then_decodes(string name)
    {
        var bytes = Convert.FromHexString(Find("valid", name).GetProperty("hex").GetString()!);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(OapFrameReader.TryRead(ref partial, OapHeader.DefaultMaxFrame, out _));
            Assert.Equal(cut, partial.Length);
        }

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(OapFrameReader.TryRead(ref whole, OapHeader.DefaultMaxFrame, out _));
        Assert.True(whole.IsEmpty);
    }

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var v in Vectors.GetProperty(group).EnumerateArray())
        {
            data.Add(v.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Find(string group, string name) =>
        Vectors.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
}
