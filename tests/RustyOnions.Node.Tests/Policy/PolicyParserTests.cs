using System.Text;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Policy;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Tests.Policy;

public sealed class PolicyParserTests
{
    private static NodePolicy Parse(string json) => PolicyParser.Parse(Encoding.UTF8.GetBytes(json), "p.json");

    private static string Problem(string json) => Assert.Throws<PolicyException>(() => Parse(json)).Message;

    [Fact]
    public void Example_policy_parses_and_tenant_entries_merge_over_defaults()
    {
        var p = PolicyParser.Parse(File.ReadAllBytes(Testing.RepoPaths.Combine("docs", "policy.example.json")), "example");
        var t = p.For(42);
        Assert.Equal(new QuotaRule(50, 100), t.Quotas["storage"]);
        Assert.Equal(p.Defaults.Quotas["mailbox"], t.Quotas["mailbox"]);
        Assert.Equal(10_000_000_000, t.StorageCapBytes);
        Assert.Equal(p.Defaults.BytesPerDay, t.BytesPerDay);
        Assert.Same(p.Defaults, p.For(7));
    }

    [Theory]
    [InlineData("""{"defaults":{"quota":{}}}""", "policy p.json is invalid: $.defaults.quota: unknown key (known: quotas, bytes_per_day, storage_cap_bytes, max_object_bytes, replication, erasure)")]
    [InlineData("""{"tenants":{"1":{"quotas":{"tiles":{"rps":1}}}}}""", "policy p.json is invalid: $.tenants[\"1\"].quotas.tiles: no app named 'tiles' can carry a quota (known: mailbox, storage, echo, overlay, s3)")]
    [InlineData("""{"tenants":{"1":{"quotas":{"echo":{"burst":1}}}}}""", "policy p.json is invalid: $.tenants[\"1\"].quotas.echo.rps: required (0 = unlimited)")]
    [InlineData("""{"defaults":{"bytes_per_day":0}}""", "policy p.json is invalid: $.defaults.bytes_per_day: must be an integer in 1..2^63-1, got 0")]
    [InlineData("""{"defaults":{"replication":{"factor":2,"write_quorum":3}}}""", "policy p.json is invalid: $.defaults.replication.write_quorum: 3 exceeds factor 2")]
    [InlineData("""{"defaults":{"erasure":{"data":200,"parity":100}}}""", "policy p.json is invalid: $.defaults.erasure: data + parity = 300 exceeds 255 shards (GF(2^8))")]
    [InlineData("""{"version":2}""", "policy p.json is invalid: $.version: only version 1 is known, got 2")]
    [InlineData("""[]""", "policy p.json: the top level must be an object with \"defaults\" and/or \"tenants\"")]
    public void Invalid_policy_is_rejected_with_the_json_path_of_the_problem(string json, string message) =>
        Assert.Equal(message, Problem(json));

    [Fact]
    public void Broken_json_names_the_file() =>
        Assert.StartsWith("policy p.json: not valid JSON: ", Problem("{\"defaults\":"), StringComparison.Ordinal);

    [Fact]
    public void Reloaded_rules_apply_per_tenant_and_zero_rps_lifts_the_node_default()
    {
        var time = new ManualTime();
        var table = new QuotaTable(new Dictionary<ushort, QuotaRule> { [OapAppId.Echo] = new(1, 1) }, 100, time);
        var state = new PolicyState("p.json", table, new GuardOpts { Quotas = new Dictionary<string, QuotaRule> { ["echo"] = new(1, 1) } }, null);
        state.Apply(Parse("""{"tenants":{"5":{"quotas":{"echo":{"rps":0}}},"6":{"quotas":{"echo":{"rps":1,"burst":3}}}}}"""));

        Assert.True(table.TryTake(4, OapAppId.Echo, out _));
        Assert.False(table.TryTake(4, OapAppId.Echo, out _)); // node default 1/s burst 1
        for (var i = 0; i < 10; i++)
        {
            Assert.True(table.TryTake(5, OapAppId.Echo, out _)); // unlimited
        }

        Assert.True(table.TryTake(6, OapAppId.Echo, out _));
        Assert.True(table.TryTake(6, OapAppId.Echo, out _));
        Assert.True(table.TryTake(6, OapAppId.Echo, out _));
        Assert.False(table.TryTake(6, OapAppId.Echo, out _));

        // Reload with the same values keeps the buckets (still empty); new values replace them.
        state.Apply(Parse("""{"tenants":{"6":{"quotas":{"echo":{"rps":1,"burst":3}}}}}"""));
        Assert.False(table.TryTake(6, OapAppId.Echo, out _));
        state.Apply(Parse("""{"tenants":{"6":{"quotas":{"echo":{"rps":1,"burst":2}}}}}"""));
        Assert.True(table.TryTake(6, OapAppId.Echo, out _));
        Assert.True(table.TryTake(6, OapAppId.Echo, out _));
        Assert.False(table.TryTake(6, OapAppId.Echo, out _));
        Assert.True(table.TryTake(5, OapAppId.Echo, out _)); // 5 lost its exemption: back to the node default
        Assert.False(table.TryTake(5, OapAppId.Echo, out _));
    }

    private sealed class ManualTime : TimeProvider
    {
        public override long GetTimestamp() => 1_000_000;
    }
}
