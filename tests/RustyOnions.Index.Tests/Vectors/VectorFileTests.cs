using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using RustyOnions.Index.Records;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Index.Tests.Vectors;

public sealed class VectorFileTests
{
    [Fact]
    public void Committed_vectors_match_what_the_implementation_produces()
    {
        var regenerate = Environment.GetEnvironmentVariable("RON_REGEN_VECTORS") == "1";
        foreach (var (file, text) in VectorGenerator.Build())
        {
            var path = Path.Combine(RepoPaths.IndexVectors, file);
            if (regenerate)
            {
                Directory.CreateDirectory(RepoPaths.IndexVectors);
                File.WriteAllText(path, text);
                continue;
            }

            Assert.True(File.Exists(path), $"{path} is missing; regenerate with RON_REGEN_VECTORS=1");
            Assert.Equal(text, File.ReadAllText(path));
        }
    }

    [Fact]
    public void Key_vectors_give_public_key_peer_id_and_namespace()
    {
        foreach (var key in VectorFiles.Load("keys.json").GetProperty("keys").EnumerateObject())
        {
            var seed = Convert.FromHexString(key.Value.GetProperty("seed").GetString()!);
            var publisher = PublisherKey.FromSeed(seed);
            var publicKey = key.Value.GetProperty("public_key").GetString()!;
            Assert.Equal(publicKey, Convert.ToHexStringLower(publisher.PublicKey));

            var peer = PeerId.FromPublicKey(Convert.FromHexString(publicKey));
            Assert.Equal(key.Value.GetProperty("peer_id").GetString(), peer.ToString());

            // Independent derivation: RFC 4648 base32 of the PeerId's first 20 bytes, bit by bit.
            var expected = ReferenceBase32(peer.Bytes[..20].ToArray());
            Assert.Equal(expected, key.Value.GetProperty("namespace").GetString());
            Assert.Equal(expected, publisher.Namespace);
        }
    }

    [Fact]
    public void Encoding_vectors_match_bytes_and_verify_with_plain_ed25519()
    {
        var encodings = VectorFiles.Load("valid-record.json").GetProperty("encodings");
        Assert.True(encodings.GetArrayLength() >= 3);
        foreach (var vector in encodings.EnumerateArray())
        {
            var record = NameRecord.FromJson(vector.GetProperty("record").GetRawText());
            var canonical = vector.GetProperty("canonical_hex").GetString()!;
            var signingInput = Convert.FromHexString(vector.GetProperty("signing_input_hex").GetString()!);
            var encoded = Convert.FromHexString(vector.GetProperty("encoded_hex").GetString()!);

            Assert.Equal(canonical, Convert.ToHexStringLower(record.CanonicalBytes));
            Assert.Equal(signingInput, record.GetSigningInput());
            Assert.Equal("ron-index-v1\0"u8.ToArray(), signingInput[..13]);
            Assert.Equal(Convert.FromHexString(canonical), signingInput[13..]);
            Assert.Equal(encoded, record.Encoded.ToArray());
            Assert.Equal(record, NameRecord.FromBytes(encoded));

            // The signature checks out with bare Ed25519 over the signing input: no NameRecord logic involved.
            var key = new Ed25519PublicKeyParameters(record.Publisher);
            Assert.True(key.Verify(Ed25519.Algorithm.Ed25519, null, signingInput, encoded[^64..]));
            record.Verify();
        }
    }

    [Fact]
    public void Invalid_name_vectors_fail_with_their_error_and_edge_names_pass()
    {
        var file = VectorFiles.Load("invalid-names.json");
        foreach (var vector in file.GetProperty("invalid").EnumerateArray())
        {
            var input = vector.GetProperty("input").GetString();
            var error = Assert.Throws<IndexException>(() => NameRules.ValidateName(input));
            Assert.True(
                Enum.Parse<IndexErrorCode>(vector.GetProperty("error").GetString()!) == error.Code,
                $"{vector.GetProperty("why").GetString()}: expected {vector.GetProperty("error").GetString()}, got {error.Code} ({error.Message})");
        }

        foreach (var name in file.GetProperty("valid").EnumerateArray())
        {
            NameRules.ValidateName(name.GetString());
        }
    }

    [Fact]
    public void Malformed_json_vectors_fail_with_their_error()
    {
        var file = VectorFiles.Load("malformed-json.json");
        NameRecord.FromJson(file.GetProperty("valid").GetString()!).Verify();
        foreach (var vector in file.GetProperty("invalid").EnumerateArray())
        {
            var why = vector.GetProperty("why").GetString();
            var error = Assert.Throws<IndexException>(() => NameRecord.FromJson(vector.GetProperty("input").GetString()!));
            Assert.True(
                Enum.Parse<IndexErrorCode>(vector.GetProperty("error").GetString()!) == error.Code,
                $"{why}: expected {vector.GetProperty("error").GetString()}, got {error.Code} ({error.Message})");
        }
    }

    [Fact]
    public void Tombstone_vectors_use_the_empty_blake3_address_and_reject_a_sized_tombstone()
    {
        var file = VectorFiles.Load("tombstone.json");
        Assert.Equal("b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", file.GetProperty("tombstone_addr").GetString());
        Assert.Equal(file.GetProperty("tombstone_addr").GetString(), NameRecord.TombstoneAddress.ToCanonicalString());
        foreach (var vector in file.GetProperty("invalid").EnumerateArray())
        {
            var error = Assert.Throws<IndexException>(() => NameRecord.FromJson(vector.GetProperty("input").GetString()!));
            Assert.Equal(Enum.Parse<IndexErrorCode>(vector.GetProperty("error").GetString()!), error.Code);
        }
    }

    private static string ReferenceBase32(byte[] data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bits = string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        bits = bits.PadRight((bits.Length + 4) / 5 * 5, '0');
        return string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
