using System.Text.Json;
using RustyOnions.Transport.Tls.Certificates;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Identity;

/// <summary>specs/vectors/tls/identity.json, generated with openssl and b3sum (not with this code).</summary>
public sealed class IdentityVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RepoRoot.Path, "specs", "vectors", "tls", "identity.json"))).RootElement;

    public static TheoryData<string> IdentityNames() => Names("identity");

    public static TheoryData<string> ExtensionNames() => Names("extension");

    [Fact]
    public void Vector_file_names_our_oid_and_prefix()
    {
        Assert.Equal(RonTls.IdentityExtensionOid, Vectors.GetProperty("extension_oid").GetString());
        Assert.Equal(RonTls.SignaturePrefix, Vectors.GetProperty("signature_prefix").GetString());
    }

    [Theory]
    [MemberData(nameof(IdentityNames))]
    public void Seed_gives_expected_public_key_peer_id_and_signature(string name)
    {
        var v = Find("identity", name);
        using var identity = NodeIdentity.FromSeed(Hex(v, "seed"));
        Assert.Equal(v.GetProperty("public_key").GetString(), Convert.ToHexStringLower(identity.PublicKey));
        Assert.Equal(v.GetProperty("peer_id").GetString(), identity.PeerId.ToString());
        var signature = identity.Sign(Hex(v, "message"));
        Assert.Equal(v.GetProperty("signature").GetString(), Convert.ToHexStringLower(signature));
        Assert.True(NodeIdentity.Verify(identity.PublicKey, Hex(v, "message"), signature));
    }

    [Theory]
    [MemberData(nameof(ExtensionNames))]
    public void Identity_extension_value_matches_vector(string name)
    {
        var v = Find("extension", name);
        using var identity = NodeIdentity.FromSeed(Hex(v, "seed"));
        var extension = NodeCertificate.CreateIdentityExtension(identity, Hex(v, "spki"));
        Assert.Equal(RonTls.IdentityExtensionOid, extension.Oid?.Value);
        Assert.False(extension.Critical);
        Assert.Equal(v.GetProperty("extension_value").GetString(), Convert.ToHexStringLower(extension.RawData));
    }

    private static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var v in Vectors.GetProperty(section).EnumerateArray())
        {
            data.Add(v.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Find(string section, string name) =>
        Vectors.GetProperty(section).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static byte[] Hex(JsonElement v, string property) => Convert.FromHexString(v.GetProperty(property).GetString()!);
}
