using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Tests.Records;

public sealed class NameRecordTests
{
    [Fact]
    public void Sign_then_verify_round_trips_through_binary_and_json()
    {
        var key = PublisherKey.Generate();
        var record = NameRecord.Sign(key, "vest/tiles/12/654/1583.webp", TestData.Addr("tile"), 4, "image/webp", 3, TestData.Created.AddTicks(1234));

        record.Verify();
        Assert.Equal(key.Namespace + "/vest/tiles/12/654/1583.webp", record.Name);
        Assert.Equal(key.Namespace, record.Namespace);
        Assert.Equal("vest/tiles/12/654/1583.webp", record.Path);
        Assert.Equal(TestData.Created, record.Created); // kept to the millisecond

        var fromBytes = NameRecord.FromBytes(record.Encoded);
        var fromJson = NameRecord.FromJson(record.ToJson());
        Assert.Equal(record, fromBytes);
        Assert.Equal(record, fromJson);
        fromBytes.Verify();
        fromJson.Verify();
        Assert.Equal(record.ToJson(), fromJson.ToJson());
        Assert.Equal(record.Encoded.ToArray(), fromJson.Encoded.ToArray());
    }

    [Fact]
    public void Verify_rejects_every_single_bit_flip_of_the_signed_bytes()
    {
        var record = TestData.Record(TestData.KeyA, "docs/report.pdf", 7, "report");
        var encoded = record.Encoded.ToArray();
        var rejected = 0;
        for (var bit = 0; bit < encoded.Length * 8; bit += 7)
        {
            var copy = (byte[])encoded.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            NameRecord tampered;
            try
            {
                tampered = NameRecord.FromBytes(copy);
            }
            catch (IndexException)
            {
                rejected++; // the flip broke the syntax (e.g. a length or a namespace character)
                continue;
            }

            Assert.False(tampered.TryVerify(out var error), $"bit {bit} flipped and the record still verifies");
            Assert.True(error.Code is IndexErrorCode.BadSignature or IndexErrorCode.WrongNamespace, error.Message);
            rejected++;
        }

        Assert.Equal((encoded.Length * 8 + 6) / 7, rejected);
    }

    [Fact]
    public void Publisher_key_that_is_not_a_curve_point_fails_as_bad_signature()
    {
        var record = TestData.Record(TestData.KeyA, "x", 1);

        // y = 2 has no x on edwards25519, so this 32-byte string is not a public key.
        var notAPoint = new byte[32];
        notAPoint[0] = 2;
        var bogus = NameRecord.Create(IndexNamespace.FromPublicKey(notAPoint) + "/x", record.Address, 1, record.MediaType, 1, 0, notAPoint, record.Signature);

        Assert.False(bogus.TryVerify(out var error));
        Assert.Equal(IndexErrorCode.BadSignature, error.Code);
    }

    [Fact]
    public void Namespace_is_derived_from_the_key_and_differs_between_keys()
    {
        Assert.Equal(IndexNamespace.Length, TestData.KeyA.Namespace.Length);
        Assert.True(IndexNamespace.IsWellFormed(TestData.KeyA.Namespace));
        Assert.Equal(TestData.KeyA.Namespace, IndexNamespace.FromPublicKey(TestData.KeyA.PublicKey));
        Assert.NotEqual(TestData.KeyA.Namespace, TestData.KeyB.Namespace);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() => IndexNamespace.FromPublicKey(new byte[31])).Code);
    }

    [Theory]
    [InlineData("a/../b", IndexErrorCode.InvalidName)]
    [InlineData("", IndexErrorCode.InvalidName)]
    [InlineData("a\tb", IndexErrorCode.InvalidName)]
    public void Sign_refuses_invalid_paths(string path, IndexErrorCode code)
    {
        var error = Assert.Throws<IndexException>(() => TestData.Record(TestData.KeyA, path, 1));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Limits_each_rejected_with_their_code()
    {
        var key = TestData.KeyA;
        var addr = TestData.Addr("x");
        var longPath = new string('p', NameRules.MaxNameBytes - IndexNamespace.Length); // name = 1025 bytes
        Assert.Equal(IndexErrorCode.TooLarge, Sign(longPath).Code);
        Assert.Contains("1025 bytes", Sign(longPath).Message, StringComparison.Ordinal);
        Assert.Equal(IndexErrorCode.InvalidName, Sign(string.Join('/', Enumerable.Repeat("d", 33))).Code);
        Assert.Contains("33 segments", Sign(string.Join('/', Enumerable.Repeat("d", 33))).Message, StringComparison.Ordinal);
        Assert.Equal(IndexErrorCode.InvalidName, Sign("a//b").Code);
        Assert.Equal(IndexErrorCode.InvalidName, Sign("./b").Code);
        Assert.Equal(IndexErrorCode.InvalidName, Sign("a/\u0001").Code);
        Assert.Equal(IndexErrorCode.InvalidName, Sign("a\ud800b").Code);

        Assert.Equal(IndexErrorCode.TooLarge, Assert.Throws<IndexException>(() =>
            NameRecord.Sign(key, "m", addr, 1, "application/" + new string('x', 244), 1, TestData.Created)).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() =>
            NameRecord.Sign(key, "m", addr, 1, "text", 1, TestData.Created)).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() =>
            NameRecord.Sign(key, "m", addr, -1, "text/plain", 1, TestData.Created)).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() =>
            NameRecord.Sign(key, "m", addr, 1, "text/plain", NameRules.MaxInteger + 1, TestData.Created)).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() =>
            NameRecord.Sign(key, "m", ContentId.Parse("b3:" + new string('a', 64) + ".png"), 1, "text/plain", 1, TestData.Created)).Code);

        // Largest valid record: a 1024-byte name and a 255-byte media type still fit the 4 KiB limit.
        var biggest = NameRecord.Sign(key, longPath[1..], addr, 1, "application/" + new string('x', 243), 1, TestData.Created);
        Assert.True(biggest.Encoded.Length <= NameRecord.MaxEncodedBytes);
        Assert.True(biggest.ToJsonUtf8().Length <= NameRecord.MaxJsonBytes);

        IndexException Sign(string path) => Assert.Throws<IndexException>(() => NameRecord.Sign(key, path, addr, 1, "text/plain", 1, TestData.Created));
    }

    [Fact]
    public void Oversize_or_truncated_binary_record_is_rejected()
    {
        var encoded = TestData.Record(TestData.KeyA, "x", 1).Encoded.ToArray();

        Assert.Equal(IndexErrorCode.TooLarge, Assert.Throws<IndexException>(() => NameRecord.FromBytes(new byte[NameRecord.MaxEncodedBytes + 1])).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() => NameRecord.FromBytes(encoded[..^1])).Code);
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() => NameRecord.FromBytes([.. encoded, 0])).Code);
        var version2 = (byte[])encoded.Clone();
        version2[0] = 2;
        Assert.Equal(IndexErrorCode.Malformed, Assert.Throws<IndexException>(() => NameRecord.FromBytes(version2)).Code);
    }

    [Fact]
    public void Json_form_is_a_flat_object_with_exactly_the_specified_fields()
    {
        var record = TestData.Record(TestData.KeyA, "café/😀", 2, "x", "text/plain; charset=utf-8");
        using var doc = System.Text.Json.JsonDocument.Parse(record.ToJson());
        Assert.Equal(
            ["v", "name", "addr", "size", "media_type", "seq", "created_ms", "publisher", "sig"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(record.Name, doc.RootElement.GetProperty("name").GetString());
        Assert.Contains("café", record.ToJson(), StringComparison.Ordinal); // UTF-8, not \u-escaped
    }

    [Fact]
    public void Error_codes_map_to_wire_codes_and_statuses()
    {
        Assert.Equal("STALE_SEQ", new IndexException(IndexErrorCode.StaleSeq, "m").WireCode);
        Assert.Equal(409, new IndexException(IndexErrorCode.Conflict, "m").Status);
        Assert.Equal(413, new IndexException(IndexErrorCode.TooLarge, "m").Status);
        foreach (var code in Enum.GetValues<IndexErrorCode>())
        {
            Assert.Matches("^[A-Z_]+$", IndexException.ToWireCode(code));
            Assert.InRange(IndexException.ToStatus(code), 400, 499);
        }
    }
}
