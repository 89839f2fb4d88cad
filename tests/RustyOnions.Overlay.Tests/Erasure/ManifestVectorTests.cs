using System.Text.Json;
using RustyOnions.Overlay.Erasure;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Erasure;

/// <summary>specs/vectors/erasure/manifest.json (generated independently by generate_manifest.py with b3sum).</summary>
public sealed class ManifestVectorTests
{
    private static JsonElement Vector()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, "repository root not found above the test binaries");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "specs", "vectors", "erasure", "manifest.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Writer_produces_the_vector_manifest_byte_for_byte()
    {
        var v = Vector();
        var opts = new ErasureOpts
        {
            Threshold = 1,
            SegmentBytes = v.GetProperty("segment_bytes").GetInt32(),
            DataShards = v.GetProperty("k").GetInt32(),
            ParityShards = v.GetProperty("m").GetInt32(),
            Alignment = v.GetProperty("alignment").GetInt32(),
        };
        var data = Enumerable.Range(0, v.GetProperty("size").GetInt32()).Select(i => (byte)(i % 251)).ToArray();
        var net = new ErasureNet(1, opts);

        var m = await net.PutAsync(0, data, chunk: 333);

        Assert.Equal(v.GetProperty("manifest_hex").GetString(), Convert.ToHexStringLower(m.Encode()));
        Assert.Equal(v.GetProperty("object").GetString(), m.Object.ToString());
        Assert.Equal(data, await net.GetAsync(0, m.Object));
    }

    [Fact]
    public void Vector_manifest_decodes_to_its_fields_and_reencodes_identically()
    {
        var v = Vector();
        var bytes = Convert.FromHexString(v.GetProperty("manifest_hex").GetString()!);
        var m = ObjectManifest.Decode(bytes);

        Assert.Equal(v.GetProperty("size").GetInt64(), m.Size);
        Assert.Equal(v.GetProperty("manifest_id").GetString(), ContentId.Compute(bytes).ToString());
        var segments = v.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(segments.Count, m.Segments.Count);
        for (var i = 0; i < segments.Count; i++)
        {
            Assert.Equal(segments[i].GetProperty("length").GetInt32(), m.Segments[i].Length);
            Assert.Equal(segments[i].GetProperty("shards").EnumerateArray().Select(s => s.GetString()!).ToList(), m.Segments[i].Shards.Select(s => s.ToString()).ToList());
        }

        Assert.Equal(bytes, m.Encode());
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(49, "trailer")]
    [InlineData(-1, "trailer")]
    public void Damaged_manifest_bytes_are_refused(int flip, string why)
    {
        var bytes = Convert.FromHexString(Vector().GetProperty("manifest_hex").GetString()!);
        bytes[flip < 0 ? bytes.Length + flip : flip] ^= 0x01;
        var e = Assert.Throws<ManifestFormatException>(() => ObjectManifest.Decode(bytes));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_manifest_is_refused_with_its_length()
    {
        var bytes = Convert.FromHexString(Vector().GetProperty("manifest_hex").GetString()!);
        var e = Assert.Throws<ManifestFormatException>(() => ObjectManifest.Decode(bytes.AsSpan(0, 50)));
        Assert.Contains("50 bytes", e.Message, StringComparison.Ordinal);
    }
}
