using System.Text;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Proto.Tests.Caps;

public sealed class CapTokenTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly CapIssuer Operator = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Ops_parse_from_names_and_hex_and_print_back()
    {
        Assert.Equal(new CapOp(OapAppId.Storage, "get"), CapOp.Parse("storage.get"));
        Assert.Equal(new CapOp(OapAppId.Mailbox, "*"), CapOp.Parse("mailbox.*"));
        Assert.Equal(new CapOp(0x7777, "x_1"), CapOp.Parse("0x7777.x_1"));
        Assert.Equal("storage.get", CapOp.Parse("0x0301.get").ToString());
        Assert.Equal("0x7777.x_1", new CapOp(0x7777, "x_1").ToString());
    }

    [Theory]
    [InlineData("storage")]
    [InlineData("storage.")]
    [InlineData("nope.get")]
    [InlineData("storage.GET")]
    [InlineData("0xZZ.get")]
    public void Bad_op_text_is_rejected_naming_the_problem(string text)
    {
        var e = Assert.Throws<CapFormatException>(() => CapOp.Parse(text));
        Assert.Contains("'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Star_grants_every_op_of_its_app_only()
    {
        var token = Operator.Issue(1, [CapOp.Parse("storage.*")], T0, T0.AddHours(1));
        Assert.True(token.Grants(OapAppId.Storage, "put"));
        Assert.True(token.Grants(OapAppId.Storage, string.Empty));
        Assert.False(token.Grants(OapAppId.Mailbox, "send"));
    }

    [Fact]
    public void Issued_token_round_trips_text_and_binary()
    {
        var token = Operator.Issue(UInt128.MaxValue, [CapOp.Parse("storage.put"), CapOp.Parse("echo.*"), CapOp.Parse("storage.put")], T0, T0.AddDays(1), new CapCaveats(5, 6, 7));
        var back = CapToken.FromText(token.ToText());
        Assert.Equal(token.Encode(), back.Encode());
        Assert.Equal(2, back.Ops.Count); // duplicates removed
        Assert.Equal(new CapCaveats(5, 6, 7), back.Caveats);
        Assert.Equal(token.Encode(), CapToken.FromField(Encoding.ASCII.GetBytes(token.ToText())).Encode());
    }

    [Fact]
    public void Every_single_bit_flip_of_a_token_is_refused()
    {
        var verifier = new CapVerifier([Operator.PublicKey]);
        var good = Operator.Issue(9, [CapOp.Parse("storage.get")], T0, T0.AddHours(1)).Encode();
        Assert.True(verifier.Verify(good, 9, OapAppId.Storage, "get", T0).Ok);
        for (var bit = 0; bit < good.Length * 8; bit++)
        {
            var bad = (byte[])good.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            var verdict = verifier.Verify(bad, 9, OapAppId.Storage, "get", T0);
            Assert.False(verdict.Ok, $"bit {bit} flipped was accepted");
        }
    }

    [Fact]
    public void Expiry_is_exclusive_and_checked_on_cached_tokens()
    {
        var verifier = new CapVerifier([Operator.PublicKey]);
        var field = Encoding.ASCII.GetBytes(Operator.Issue(9, [CapOp.Parse("storage.get")], T0, T0.AddSeconds(10)).ToText());
        Assert.True(verifier.Authenticate(field, T0.AddSeconds(9)).Ok);
        Assert.Equal(CapFailure.Expired, verifier.Authenticate(field, T0.AddSeconds(10)).Failure);
    }

    [Fact]
    public void Revocation_applies_to_a_token_already_cached()
    {
        var verifier = new CapVerifier([Operator.PublicKey]);
        var token = Operator.Issue(9, [CapOp.Parse("storage.get")], T0, T0.AddHours(1));
        var field = Encoding.ASCII.GetBytes(token.ToText());
        var revoked = new HashSet<string>();
        Assert.True(verifier.Authenticate(field, T0, revoked.Contains).Ok);
        revoked.Add(token.IdHex);
        Assert.Equal(CapFailure.Revoked, verifier.Authenticate(field, T0, revoked.Contains).Failure);
    }

    [Fact]
    public void Missing_cap_is_its_own_failure()
    {
        Assert.Equal(CapFailure.Missing, new CapVerifier([Operator.PublicKey]).Authenticate([], T0).Failure);
    }

    [Fact]
    public void Issuer_refuses_zero_ops_and_non_positive_ttl()
    {
        Assert.Throws<CapFormatException>(() => Operator.Issue(1, [], T0, T0.AddHours(1)));
        Assert.Throws<CapFormatException>(() => Operator.Issue(1, [CapOp.Parse("echo.*")], T0, T0));
    }

    [Fact]
    public void Oversized_field_is_malformed_without_decoding()
    {
        var verdict = new CapVerifier([Operator.PublicKey]).Authenticate(new byte[60_000], T0);
        Assert.Equal(CapFailure.Malformed, verdict.Failure);
    }
}
