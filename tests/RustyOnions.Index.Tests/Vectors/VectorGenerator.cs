using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RustyOnions.Index.Records;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Index.Tests.Vectors;

/// <summary>
/// Builds the files of specs/vectors/index from the RFC 8032 test keys. Ed25519 is deterministic,
/// so the output is byte-stable; <see cref="VectorFileTests"/> checks the committed files against it
/// (and rewrites them when RON_REGEN_VECTORS=1).
/// </summary>
internal static class VectorGenerator
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyDictionary<string, string> Build()
    {
        var a = TestData.KeyA;
        var b = TestData.KeyB;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["keys.json"] = Write(new JsonObject
            {
                ["description"] = "Publisher keys (RFC 8032 section 7.1 TEST 1 and TEST 2) with their PeerId and namespace.",
                ["keys"] = new JsonObject { ["A"] = Key(TestData.SeedA, a), ["B"] = Key(TestData.SeedB, b) },
            }),
            ["valid-record.json"] = ValidRecords(a),
            ["forged-signature.json"] = Forged(a),
            ["stale-seq.json"] = Stale(a),
            ["wrong-namespace.json"] = WrongNamespace(a, b),
            ["conflict.json"] = Conflict(a),
            ["tombstone.json"] = Tombstone(a),
            ["invalid-names.json"] = InvalidNames(a),
            ["malformed-json.json"] = MalformedJson(a),
        };
        return files;
    }

    private static string ValidRecords(PublisherKey a)
    {
        var encodings = new JsonArray();
        var cases = new JsonArray();
        NameRecord[] records =
        [
            NameRecord.Sign(a, "vest/tiles/12/654/1583.webp", TestData.Addr("tile 12/654/1583"), 16, "image/webp", 1, TestData.Created),
            NameRecord.Sign(a, "docs/report.pdf", TestData.Addr("report"), 6, "application/pdf", 7, TestData.Created),
            NameRecord.Sign(a, "café/naïve/😀 smile.txt", TestData.Addr("unicode"), 7, "text/plain; charset=utf-8", 9_007_199_254_740_991, TestData.Created),
        ];
        foreach (var record in records)
        {
            encodings.Add(new JsonObject
            {
                ["record"] = Json(record),
                ["canonical_hex"] = Convert.ToHexStringLower(record.CanonicalBytes),
                ["signing_input_hex"] = Convert.ToHexStringLower(record.GetSigningInput()),
                ["encoded_hex"] = Convert.ToHexStringLower(record.Encoded),
            });
            cases.Add(Case($"publish {record.Path} into an empty store", [Step(record, "accepted")], Final(record.Name, record.Seq, [record.Seq], record)));
        }

        return Write(new JsonObject
        {
            ["description"] = "Valid records: exact canonical bytes, signing input and full binary encoding; each is accepted by an empty store.",
            ["encodings"] = encodings,
            ["cases"] = cases,
        });
    }

    private static string Forged(PublisherKey a)
    {
        var good = NameRecord.Sign(a, "docs/report.pdf", TestData.Addr("report"), 6, "application/pdf", 1, TestData.Created);
        var flipped = good.Signature.ToArray();
        flipped[0] ^= 0x01;
        var bitFlip = With(good, signature: flipped);
        var otherAddr = With(good, address: TestData.Addr("evil"));
        var otherSeq = With(good, seq: 2);
        return Write(new JsonObject
        {
            ["description"] = "Records whose signature does not verify: rejected with BadSignature and stored nowhere.",
            ["cases"] = new JsonArray(
                Case("signature with one bit flipped", [Step(bitFlip, "BadSignature")], Absent(good.Name)),
                Case("addr changed after signing", [Step(otherAddr, "BadSignature")], Absent(good.Name)),
                Case("seq raised after signing, on top of a valid seq 1", [Step(good, "accepted"), Step(otherSeq, "BadSignature")], Final(good.Name, 1, [1], good))),
        });
    }

    private static string Stale(PublisherKey a)
    {
        var r5 = TestData.Record(a, "docs/report.pdf", 5, "five");
        var r4 = TestData.Record(a, "docs/report.pdf", 4, "four");
        var r6 = TestData.Record(a, "docs/report.pdf", 6, "six");
        return Write(new JsonObject
        {
            ["description"] = "A record whose seq is below the held one is refused (stale) and not kept in history.",
            ["cases"] = new JsonArray(
                Case("seq 4 after seq 5", [Step(r5, "accepted"), Step(r4, "stale")], Final(r5.Name, 5, [5], r5)),
                Case("seq 4 after 5 and 6", [Step(r5, "accepted"), Step(r6, "accepted"), Step(r4, "stale")], Final(r5.Name, 6, [6, 5], r6)),
                Case("same record twice is a duplicate, not a conflict", [Step(r5, "accepted"), Step(r5, "duplicate")], Final(r5.Name, 5, [5], r5))),
        });
    }

    private static string Tombstone(PublisherKey a)
    {
        var r1 = TestData.Record(a, "docs/deleted.txt", 1, "one");
        var t2 = NameRecord.SignTombstone(a, "docs/deleted.txt", 2, TestData.Created);
        var r3 = TestData.Record(a, "docs/deleted.txt", 3, "three");
        var bad = t2.ToJson().Replace("\"size\":0", "\"size\":1", StringComparison.Ordinal);
        return Write(new JsonObject
        {
            ["description"] = "A tombstone (media_type application/x-ron-tombstone, size 0, addr = BLAKE3 of no bytes) unpublishes a name: "
                + "resolve and list find nothing, the tombstone stays current (history head) so lower seqs stay stale; a higher seq republishes.",
            ["tombstone_addr"] = NameRecord.TombstoneAddress.ToCanonicalString(),
            ["cases"] = new JsonArray(
                Case("tombstone after a live record", [Step(r1, "accepted"), Step(t2, "accepted")], Deleted(r1.Name, 2, [2, 1])),
                Case("the old record again after the tombstone is stale", [Step(r1, "accepted"), Step(t2, "accepted"), Step(r1, "stale")], Deleted(r1.Name, 2, [2, 1])),
                Case("a tombstone of a name never published", [Step(t2, "accepted")], Deleted(t2.Name, 2, [2])),
                Case("a higher seq republishes", [Step(r1, "accepted"), Step(t2, "accepted"), Step(r3, "accepted")], Final(r1.Name, 3, [3, 2, 1], r3))),
            ["invalid"] = new JsonArray(Bad(bad, "Malformed", "a tombstone must have size 0")),
        });
    }

    private static JsonObject Deleted(string name, long seq, long[] history) => new()
    {
        ["name"] = name,
        ["deleted"] = true,
        ["seq"] = seq,
        ["history"] = new JsonArray(history.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
    };

    private static string WrongNamespace(PublisherKey a, PublisherKey b)
    {
        // B signs a record for a name in A's namespace: the signature is valid, the authority is not.
        var forB = NameRecord.Sign(b, "docs/report.pdf", TestData.Addr("takeover"), 8, "application/pdf", 99, TestData.Created);
        var intoA = Resign(forB, a.NameFor("docs/report.pdf"), b);
        var own = TestData.Record(a, "docs/report.pdf", 1, "mine");
        return Write(new JsonObject
        {
            ["description"] = "A validly signed record for a name outside the signer's namespace: rejected with WrongNamespace and stored nowhere.",
            ["cases"] = new JsonArray(
                Case("B publishes into A's namespace", [Step(intoA, "WrongNamespace")], Absent(intoA.Name)),
                Case("B tries to overwrite A's record with a higher seq", [Step(own, "accepted"), Step(intoA, "WrongNamespace")], Final(own.Name, 1, [1], own))),
        });
    }

    private static string Conflict(PublisherKey a)
    {
        var x = TestData.Record(a, "docs/report.pdf", 2, "version x");
        var y = TestData.Record(a, "docs/report.pdf", 2, "version y");
        var (winner, loser) = x.Signature.SequenceCompareTo(y.Signature) < 0 ? (x, y) : (y, x);
        return Write(new JsonObject
        {
            ["description"] = "Two different records with the same name and seq: the one with the lexicographically smaller signature wins, whatever the arrival order.",
            ["cases"] = new JsonArray(
                Case("winner first", [Step(winner, "accepted"), Step(loser, "conflict_lost")], Final(x.Name, 2, [2], winner)),
                Case("loser first", [Step(loser, "accepted"), Step(winner, "conflict_won")], Final(x.Name, 2, [2], winner))),
        });
    }

    private static string InvalidNames(PublisherKey a)
    {
        var ns = a.Namespace;
        var deep = string.Join('/', Enumerable.Repeat("d", 33));
        var cases = new JsonArray(
            Bad(ns + "/" + new string('a', 1024 - ns.Length), "TooLarge", "1025 bytes of UTF-8"),
            Bad(ns + "/" + string.Concat(Enumerable.Repeat("é", 496)), "TooLarge", "1025 bytes: multi-byte characters count as their UTF-8 length"),
            Bad(ns + "/" + deep, "InvalidName", "33 path segments"),
            Bad(ns, "InvalidName", "namespace without a path"),
            Bad(ns + "/", "InvalidName", "empty path"),
            Bad(ns + "/a//b", "InvalidName", "empty segment"),
            Bad(ns + "/a/b/", "InvalidName", "trailing slash"),
            Bad(ns + "/a/./b", "InvalidName", "'.' segment"),
            Bad(ns + "/a/../b", "InvalidName", "'..' segment"),
            Bad(ns + "/a/b\u0000c", "InvalidName", "NUL"),
            Bad(ns + "/a\nb", "InvalidName", "line feed"),
            Bad(ns + "/a\u007fb", "InvalidName", "DEL"),
            Bad(ns + "/a\u0085b", "InvalidName", "C1 control NEL"),
            Bad(ns.ToUpperInvariant() + "/a", "InvalidName", "upper-case namespace"),
            Bad(ns[..31] + "/a", "InvalidName", "31-character namespace"),
            Bad(ns[..31] + "1/a", "InvalidName", "'1' is not base32"),
            Bad("/" + ns + "/a", "InvalidName", "leading slash"),
            Bad(string.Empty, "InvalidName", "empty"));
        var valid = new JsonArray(
            ns + "/" + new string('a', 1024 - ns.Length - 1),
            ns + "/" + string.Join('/', Enumerable.Repeat("d", 32)),
            ns + "/...",
            ns + "/.hidden/a b/ü/😀",
            ns + "/a\\b");
        return Write(new JsonObject
        {
            ["description"] = "Names that break a rule (error code each) and names at the edge of the rules that are valid.",
            ["invalid"] = cases,
            ["valid"] = valid,
        });
    }

    private static string MalformedJson(PublisherKey a)
    {
        var good = TestData.Record(a, "docs/report.pdf", 1, "report");
        var json = JsonNode.Parse(good.ToJson())!.AsObject();
        string Mutate(Action<JsonObject> change)
        {
            var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
            change(copy);
            return copy.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        var cases = new JsonArray(
            Bad("not json", "Malformed", "not JSON"),
            Bad("[]", "Malformed", "an array"),
            Bad(good.ToJson() + "{}", "Malformed", "content after the object"),
            Bad(good.ToJson()[..^1] + ",\"name\":\"x\"}", "Malformed", "duplicate field"),
            Bad(Mutate(o => o.Remove("sig")), "Malformed", "missing sig"),
            Bad(Mutate(o => o["extra"] = 1), "Malformed", "unknown field"),
            Bad(Mutate(o => o["v"] = 2), "Malformed", "unknown version"),
            Bad(Mutate(o => o["seq"] = "1"), "Malformed", "seq as a string"),
            Bad(Mutate(o => o["seq"] = 1.5), "Malformed", "fractional seq"),
            Bad(Mutate(o => o["size"] = -1), "Malformed", "negative size"),
            Bad(Mutate(o => o["seq"] = 9_007_199_254_740_992), "Malformed", "seq above 2^53-1"),
            Bad(Mutate(o => o["addr"] = "b3:1234"), "Malformed", "short content id"),
            Bad(Mutate(o => o["addr"] = "sha256:" + new string('0', 64)), "Malformed", "not a b3 content id"),
            Bad(Mutate(o => o["publisher"] = "zz" + ((string)o["publisher"]!)[2..]), "Malformed", "publisher not hex"),
            Bad(Mutate(o => o["sig"] = ((string)o["sig"]!)[2..]), "Malformed", "sig too short"),
            Bad(Mutate(o => o["media_type"] = "pdf"), "Malformed", "media type without a slash"),
            Bad(Mutate(o => o["media_type"] = "application/" + new string('x', 244)), "TooLarge", "256-character media type"),
            Bad(Mutate(o => o["name"] = "nonsense"), "InvalidName", "name without namespace"),
            Bad(Mutate(o => o["name"] = ((string)o["name"]!) + "/../x"), "InvalidName", "'..' segment"),
            Bad(good.ToJson()[..^1] + ",\"pad\":\"" + new string(' ', 8192) + "\"}", "TooLarge", "more than 8192 bytes"),
            Bad("{\"v\":1,/* comment */\"name\":1}", "Malformed", "comments are not JSON"));
        return Write(new JsonObject
        {
            ["description"] = "Malformed JSON forms of a record and the typed error each yields.",
            ["valid"] = good.ToJson(),
            ["invalid"] = cases,
        });
    }

    private static JsonObject Key(byte[] seed, PublisherKey key) => new()
    {
        ["seed"] = Convert.ToHexStringLower(seed),
        ["public_key"] = Convert.ToHexStringLower(key.PublicKey),
        ["peer_id"] = PeerId.FromPublicKey(key.PublicKey).ToString(),
        ["namespace"] = key.Namespace,
    };

    private static JsonNode Json(NameRecord record) => JsonNode.Parse(record.ToJson())!;

    private static JsonObject Step(NameRecord record, string expect) => new() { ["record"] = Json(record), ["expect"] = expect };

    private static JsonObject Case(string description, JsonObject[] steps, JsonObject final) => new()
    {
        ["description"] = description,
        ["steps"] = new JsonArray(steps),
        ["final"] = final,
    };

    private static JsonObject Final(string name, long seq, long[] history, NameRecord current) => new()
    {
        ["name"] = name,
        ["seq"] = seq,
        ["addr"] = current.Address.ToCanonicalString(),
        ["history"] = new JsonArray(history.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
    };

    private static JsonObject Absent(string name) => new() { ["name"] = name, ["absent"] = true };

    private static JsonObject Bad(string input, string error, string why) => new() { ["input"] = input, ["error"] = error, ["why"] = why };

    private static NameRecord With(NameRecord r, byte[]? signature = null, Proto.Content.ContentId? address = null, long? seq = null) =>
        NameRecord.Create(r.Name, address ?? r.Address, r.Size, r.MediaType, seq ?? r.Seq, r.CreatedUnixMs, r.Publisher, signature ?? r.Signature.ToArray());

    // Signs the fields of r under an arbitrary name with key, bypassing NameRecord.Sign's own-namespace rule.
    private static NameRecord Resign(NameRecord r, string name, PublisherKey key)
    {
        var unsigned = NameRecord.Create(name, r.Address, r.Size, r.MediaType, r.Seq, r.CreatedUnixMs, key.PublicKey, new byte[NameRecord.SignatureLength]);
        var sig = new byte[NameRecord.SignatureLength];
        key.SignRaw(unsigned.GetSigningInput(), sig);
        return NameRecord.Create(name, r.Address, r.Size, r.MediaType, r.Seq, r.CreatedUnixMs, key.PublicKey, sig);
    }

    private static string Write(JsonObject root) => root.ToJsonString(Pretty) + "\n";
}
