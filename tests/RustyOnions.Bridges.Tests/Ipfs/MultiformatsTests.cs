using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Tests.Ipfs;

public class MultiformatsTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(255UL, "ff01")]
    [InlineData(300UL, "ac02")]
    [InlineData(16384UL, "808001")]
    [InlineData((1UL << 63) - 1, "ffffffffffffffff7f")]
    public void Varint_round_trips_the_multiformats_examples(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength];
        int n = Varint.Write(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, n));
        Assert.Equal(n, Varint.GetLength(value));
        Assert.Equal(value, Varint.Read(Convert.FromHexString(hex), out int consumed));
        Assert.Equal(n, consumed);
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("80", "truncated")]
    [InlineData("8000", "not minimally encoded")]
    [InlineData("ff00", "not minimally encoded")]
    [InlineData("ffffffffffffffffff01", "longer than 9 bytes")]
    public void Varint_rejects_truncated_overlong_and_non_minimal_input(string hex, string error)
    {
        var e = Assert.Throws<IpfsFormatException>(() => Varint.Read(Convert.FromHexString(hex), out _));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Varint_write_rejects_values_over_63_bits()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Varint.Write(new byte[10], 1UL << 63));

    [Fact]
    public void Valid_cid_vectors_parse_to_their_fields_and_format_canonically()
    {
        foreach (var v in Vectors.Load("cids.json").GetProperty("valid").EnumerateArray())
        {
            var cid = Cid.Parse(v.GetProperty("string").GetString()!);
            Assert.Equal(v.GetProperty("version").GetInt32(), cid.Version);
            Assert.Equal(v.GetProperty("codec").GetString(), cid.Codec == Multicodec.Raw ? "raw" : "dag-pb");
            Assert.Equal(v.GetProperty("hash").GetString(), Multihash.Name(cid.Hash.Code));
            Assert.Equal(v.GetProperty("binary_hex").GetString(), Convert.ToHexStringLower(cid.Bytes));
            Assert.Equal(v.GetProperty("canonical").GetString(), cid.ToString());
            Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
            Assert.Equal(cid, Cid.Parse(cid.ToString()));
            if (cid.Version == 1)
                Assert.Equal(cid, Cid.Parse(cid.ToString(Multibase.Base58Btc)));
            if (v.TryGetProperty("v1", out var v1))
                Assert.Equal(v1.GetString(), cid.ToV1().ToString());
            var block = v.TryGetProperty("block_utf8", out var u)
                ? System.Text.Encoding.UTF8.GetBytes(u.GetString()!)
                : Convert.FromHexString(v.GetProperty("block_hex").GetString()!);
            cid.Verify(block);
            Assert.False(cid.Matches([.. block, 0]));
        }
    }

    [Fact]
    public void Invalid_cid_vectors_throw_typed_errors_with_precise_messages()
    {
        foreach (var v in Vectors.Load("cids.json").GetProperty("invalid").EnumerateArray())
        {
            string text = v.GetProperty("string").GetString()!;
            var e = Assert.ThrowsAny<IpfsException>(() => Cid.Parse(text));
            Assert.True(e is IpfsFormatException or IpfsLimitException);
            Assert.Contains(v.GetProperty("error").GetString()!, e.Message, StringComparison.Ordinal);
            Assert.False(Cid.TryParse(text, out var none, out var error));
            Assert.Null(none);
            Assert.Equal(e.Message, error);
        }
    }

    [Fact]
    public void Blake3_and_identity_cids_hash_and_verify_like_the_vectors()
    {
        var vectors = Vectors.Load("cids.json");
        var hello = "hello"u8.ToArray();
        var b3 = Cid.Compute(Multicodec.Raw, hello, MultihashCode.Blake3);
        Assert.Equal(vectors.GetProperty("blake3").GetProperty("digest_hex").GetString(), Convert.ToHexStringLower(b3.Hash.Digest));
        Assert.Equal(vectors.GetProperty("blake3").GetProperty("binary_hex").GetString(), Convert.ToHexStringLower(b3.Bytes));
        Assert.Equal(b3, Cid.Parse(b3.ToString()));
        b3.Verify(hello);
        Assert.Throws<IpfsVerificationException>(() => b3.Verify("hellO"u8));

        var id = Cid.Parse(vectors.GetProperty("identity").GetProperty("string").GetString()!);
        Assert.Equal(MultihashCode.Identity, id.Hash.Code);
        Assert.Equal(id, Cid.Compute(Multicodec.Raw, hello, MultihashCode.Identity));
        id.Verify(hello);
        Assert.Throws<IpfsVerificationException>(() => id.Verify("hell"u8));
        Assert.Throws<IpfsLimitException>(() => Cid.Compute(Multicodec.Raw, new byte[129], MultihashCode.Identity));
    }

    [Fact]
    public void Multibase_rejects_overlong_strings_and_bad_padding_bits()
    {
        Assert.Contains("exceeds 512", Assert.Throws<IpfsFormatException>(() => Cid.Parse("b" + new string('a', 600))).Message,
            StringComparison.Ordinal);
        // "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq" with its last character's pad bits set.
        Assert.Contains("non-zero trailing bits",
            Assert.Throws<IpfsFormatException>(() => Cid.Parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yer")).Message,
            StringComparison.Ordinal);
        Assert.Contains("invalid length",
            Assert.Throws<IpfsFormatException>(() => MultibaseCodec.Decode("ba", out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base58_keeps_leading_zero_bytes()
    {
        byte[] data = [0, 0, 1, 2, 3];
        var text = MultibaseCodec.Encode(data, Multibase.Base58Btc);
        Assert.StartsWith("z11", text, StringComparison.Ordinal);
        Assert.Equal(data, MultibaseCodec.Decode(text, out var enc));
        Assert.Equal(Multibase.Base58Btc, enc);
    }

    [Fact]
    public void Cid_read_consumes_exactly_one_cid_and_from_bytes_rejects_trailing_bytes()
    {
        var cid = Cid.Parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        byte[] buffer = [.. cid.Bytes, 0xAA];
        Assert.Equal(cid, Cid.Read(buffer, out int n));
        Assert.Equal(cid.Bytes.Length, n);
        Assert.Contains("1 trailing bytes", Assert.Throws<IpfsFormatException>(() => Cid.FromBytes(buffer)).Message, StringComparison.Ordinal);
        Assert.Throws<IpfsFormatException>(() => Cid.FromBytes(cid.Bytes[..10]));
    }
}
