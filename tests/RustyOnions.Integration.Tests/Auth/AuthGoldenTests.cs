using System.Text;
using RustyOnions.Integration.Tests.GuardRails;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Integration.Tests.Auth;

/// <summary>The 401/403/451 golden vectors (specs/vectors/errors/*.json with "node":"auth") against the auth node.</summary>
[Collection(AuthCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AuthGoldenTests(AuthNodeFixture fx)
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoldenEnvelope.Names(node: "auth"))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Auth_and_legal_failure_answers_its_golden_envelope(string name)
    {
        using var vector = GoldenEnvelope.Load(name);
        var v = vector.RootElement;
        var corr = ulong.Parse(v.GetProperty("corr_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var admin = fx.Node.AdminUri;
        var before = await Metrics.ValueAsync(admin, $"ron_errors_total{{code=\"{v.GetProperty("code").GetString()}\"}}");

        var (header, payload) = await TriggerAsync(name, corr);

        await GoldenEnvelope.AssertAsync(v, header, payload, admin, before);
    }

    private async Task<(OapHeader, byte[])> TriggerAsync(string name, ulong corr)
    {
        await using var c = await RawOapClient.ConnectAsync(fx.Node.Address);
        var one = OapFlags.Req | OapFlags.Start | OapFlags.End;
        var stat = Encoding.UTF8.GetBytes($$"""{"op":"stat","addr":"b3:{{new string('0', 64)}}"}""");
        var now = DateTimeOffset.UtcNow;
        byte[] Text(CapToken t) => Encoding.ASCII.GetBytes(t.ToText());
        switch (name)
        {
            case "cap_missing":
                await c.SendAsync(one, OapAppId.Storage, 7, corr, stat);
                break;
            case "cap_malformed":
                await c.SendAsync(one, OapAppId.Storage, 7, corr, "not a capability!"u8.ToArray(), stat);
                break;
            case "cap_unknown_issuer":
                await c.SendAsync(one, OapAppId.Storage, 7, corr, Text(fx.Stranger.Issue(7, [CapOp.Parse("storage.*")], now, now.AddHours(1))), stat);
                break;
            case "cap_bad_signature":
                var forged = fx.Cap(7, "storage.stat").Encode();
                forged[^1] ^= 0x40;
                await c.SendAsync(one, OapAppId.Storage, 7, corr, Encoding.ASCII.GetBytes(System.Buffers.Text.Base64Url.EncodeToString(forged)), stat);
                break;
            case "cap_expired":
                await c.SendAsync(one, OapAppId.Storage, 7, corr, Text(fx.Issuer.Issue(7, [CapOp.Parse("storage.*")], now.AddHours(-2), now.AddHours(-1))), stat);
                break;
            case "cap_revoked":
                await c.SendAsync(one, OapAppId.Storage, 7, corr, Text(fx.Cap(7, "storage.stat", Convert.FromHexString(AuthNodeFixture.RevokedId))), stat);
                break;
            case "cap_tenant_mismatch":
                await c.SendAsync(one, OapAppId.Storage, 8, corr, Text(fx.Cap(7, "storage.stat")), stat);
                break;
            case "cap_op_not_granted":
                await c.SendAsync(one, OapAppId.Mailbox, 7, corr, Text(fx.Cap(7, "storage.get,storage.stat")), """{"op":"send","topic":"t","body":"x"}"""u8.ToArray());
                break;
            case "denylist_get":
            case "denylist_stat":
                var op = name == "denylist_get" ? "get" : "stat";
                await c.SendAsync(one, OapAppId.Storage, 7, corr, Text(fx.Cap(7, "storage.*")), Encoding.UTF8.GetBytes($$"""{"op":"{{op}}","addr":"{{AuthNodeFixture.DeniedAddr}}"}"""));
                break;
            default:
                throw new InvalidOperationException($"no trigger for vector '{name}': add one to {nameof(AuthGoldenTests)}");
        }

        return await c.ReadReplyAsync(corr);
    }
}
