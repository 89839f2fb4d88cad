using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Caps;
using RustyOnions.Testing;

namespace RustyOnions.Proto.Tests.Caps;

/// <summary>specs/vectors/caps/caps.json, generated independently (python3-cryptography), against the C# codec and verifier.</summary>
public sealed class CapVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Combine("specs", "vectors", "caps", "caps.json"))).RootElement;

    private static byte[] Hex(string name) => Convert.FromHexString(Vectors.GetProperty(name).GetString()!);

    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(Vectors.GetProperty("now").GetInt64());

    public static TheoryData<string> ValidNames() => Names("valid");

    public static TheoryData<string> InvalidNames() => Names("invalid");

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_decodes_to_its_fields_and_reissues_byte_identical(string name)
    {
        var v = Find("valid", name);
        var token = CapToken.FromText(v.GetProperty("text").GetString()!);

        Assert.Equal(v.GetProperty("id").GetString(), token.IdHex);
        Assert.Equal(UInt128.Parse(v.GetProperty("tenant").GetString()!, System.Globalization.CultureInfo.InvariantCulture), token.Tenant);
        Assert.Equal(v.GetProperty("issued_at").GetInt64(), token.IssuedAt.ToUnixTimeSeconds());
        Assert.Equal(v.GetProperty("expires_at").GetInt64(), token.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal(v.GetProperty("ops").EnumerateArray().Select(e => e.GetString()!), token.Ops.Select(o => o.ToString()));
        Assert.Equal(NullIfZero(v.GetProperty("rps").GetUInt64()), token.Caveats.Rps);
        Assert.Equal(NullIfZero(v.GetProperty("bytes_per_day").GetUInt64()), token.Caveats.BytesPerDay);
        Assert.Equal(NullIfZero(v.GetProperty("max_object_size").GetUInt64()), token.Caveats.MaxObjectSize);
        Assert.Equal(Vectors.GetProperty("operator_pub_hex").GetString(), token.IssuerHex);
        Assert.Equal(v.GetProperty("binary_hex").GetString(), Convert.ToHexStringLower(token.Encode()));

        // Ed25519 is deterministic: the C# issuer must produce the very same bytes.
        var again = new CapIssuer(Hex("operator_seed_hex")).Issue(token.Tenant, token.Ops.Reverse(), token.IssuedAt, token.ExpiresAt, token.Caveats, token.Id);
        Assert.Equal(v.GetProperty("text").GetString(), again.ToText());

        var verdict = new CapVerifier([Hex("operator_pub_hex")]).Authenticate(Encoding.ASCII.GetBytes(token.ToText()), Now);
        Assert.True(verdict.Ok, verdict.Message);
        Assert.True(new CapVerifier([Hex("operator_pub_hex")]).Authenticate(token.Encode(), Now).Ok, "the binary form is accepted too");
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vector_is_refused_with_its_reason(string name)
    {
        var v = Find("invalid", name);
        var tenant = UInt128.Parse((v.TryGetProperty("tenant", out var t) ? t : Vectors.GetProperty("default_tenant")).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var op = CapOp.Parse((v.TryGetProperty("op", out var o) ? o : Vectors.GetProperty("default_op")).GetString()!);
        var revoked = v.TryGetProperty("revoked", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        var verifier = new CapVerifier([Hex("operator_pub_hex")]);

        var verdict = verifier.Verify(Encoding.ASCII.GetBytes(v.GetProperty("text").GetString()!), tenant, op.AppId, op.Op, Now, revoked.Contains);

        Assert.False(verdict.Ok);
        Assert.Equal(v.GetProperty("reason").GetString(), verdict.Failure.Reason());
        Assert.Equal(verdict.Failure is CapFailure.TenantMismatch or CapFailure.OpNotGranted, verdict.Failure.IsForbidden());
    }

    private static ulong? NullIfZero(ulong n) => n == 0 ? null : n;

    private static JsonElement Find(string list, string name) =>
        Vectors.GetProperty(list).EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string list)
    {
        var data = new TheoryData<string>();
        foreach (var e in Vectors.GetProperty(list).EnumerateArray())
        {
            data.Add(e.GetProperty("name").GetString()!);
        }

        return data;
    }
}
