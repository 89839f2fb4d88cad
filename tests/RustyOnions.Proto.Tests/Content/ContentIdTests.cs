using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Proto.Tests.Content;

public sealed class ContentIdTests
{
    // BLAKE3 of the empty input and of "abc", from the BLAKE3 reference test vectors.
    private const string EmptyHash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
    private const string AbcHash = "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85";

    [Fact]
    public void Compute_matches_the_blake3_reference_vectors()
    {
        Assert.Equal("b3:" + EmptyHash, ContentId.Compute([]).ToString());
        Assert.Equal("b3:" + AbcHash, ContentId.Compute("abc"u8).ToString());
    }

    [Fact]
    public void Incremental_hasher_equals_one_shot()
    {
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        using var hasher = new ContentHasher();
        hasher.Update(data.AsSpan(0, 1000));
        hasher.Update(data.AsSpan(1000));
        Assert.Equal(ContentId.Compute(data), hasher.Finish());
        Assert.Equal(data.Length, hasher.Length);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("b2:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", "start with")]
    [InlineData("b3:af13", "64 hex")]
    [InlineData("b3:zf1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", "hexadecimal")]
    [InlineData("b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262x", "suffix")]
    [InlineData("b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262./x", "suffix")]
    public void Parse_rejects_malformed_ids_with_a_reason(string text, string reason)
    {
        Assert.False(ContentId.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_accepts_uppercase_hex_and_a_tld_suffix_and_prints_canonical_lowercase()
    {
        var id = ContentId.Parse("b3:" + AbcHash.ToUpperInvariant() + ".webp");
        Assert.Equal("webp", id.Suffix);
        Assert.Equal("b3:" + AbcHash, id.ToCanonicalString());
        Assert.Equal(ContentId.Compute("abc"u8), id);
    }

    [Fact]
    public void Node_addresses_parse_and_print_round_trip()
    {
        var peer = PeerId.FromPublicKey(new byte[32]);
        var tls = NodeAddress.Parse($"tls://127.0.0.1:9443#{peer}");
        Assert.Equal(TransportKind.Tls, tls.Transport);
        Assert.Equal(9443, tls.Port);
        Assert.Equal(peer, tls.PeerId);
        Assert.Equal($"tls://127.0.0.1:9443#{peer}", tls.ToString());

        var onion = new string('a', 56) + ".onion";
        Assert.Equal(TransportKind.Tor, NodeAddress.Parse($"tor://{onion}:9443").Transport);
        Assert.False(NodeAddress.TryParse("tor://example.com:9443", out _, out var torError));
        Assert.Contains("onion", torError, StringComparison.Ordinal);
        Assert.False(NodeAddress.TryParse("http://x:1", out _, out _));
        Assert.False(NodeAddress.TryParse("tls://x:99999", out _, out _));
        Assert.False(NodeAddress.TryParse("tls://x:1#nothex", out _, out _));
    }
}
