using RustyOnions.Node.Config;

namespace RustyOnions.Node.Tests.Auth;

public sealed class AuthConfigTests
{
    private const string Key = "ffdfeaeb046af67977099fbf1e54906dca0509fd3d7bcc5fc660f10ce03a5a31";

    private static NodeOpts Load(Dictionary<string, string> env) =>
        NodeConfigLoader.Load(null, new Dictionary<string, string?> { ["data_dir"] = "/tmp/x" }, name => env.GetValueOrDefault(name));

    [Fact]
    public void Auth_is_off_and_nothing_is_listed_by_default()
    {
        var o = Load([]);
        Assert.False(o.Auth.Required);
        Assert.Empty(o.Auth.Issuers);
        Assert.Null(o.Auth.RevocationsFile);
        Assert.Null(o.Legal.DenylistFile);
        Assert.True(o.Legal.Banner.IsEmpty);
    }

    [Fact]
    public void Environment_turns_auth_on_with_issuers_lists_and_banner()
    {
        var o = Load(new()
        {
            ["RON_AUTH"] = "required", ["RON_CAP_ISSUERS"] = Key + ", " + Key.ToUpperInvariant(), ["RON_REVOCATIONS"] = "/tmp/r.txt",
            ["RON_DENYLIST"] = "/tmp/d.txt", ["RON_BANNER_OPERATOR"] = "Op", ["RON_BANNER_ABUSE_CONTACT"] = "abuse@x",
        });
        Assert.True(o.Auth.Required);
        Assert.Equal(2, o.Auth.Issuers.Count);
        Assert.Equal(Convert.FromHexString(Key), o.Auth.Issuers[0]);
        Assert.Equal("/tmp/r.txt", o.Auth.RevocationsFile);
        Assert.Equal("/tmp/d.txt", o.Legal.DenylistFile);
        Assert.Equal(new Dictionary<string, string> { ["operator"] = "Op", ["abuse_contact"] = "abuse@x" }, o.Legal.Banner.ToDictionary());
    }

    [Theory]
    [InlineData("RON_AUTH", "yes", "auth (RON_AUTH) must be 'required' or 'off', got 'yes'")]
    [InlineData("RON_CAP_ISSUERS", "abc", "cap_issuers (RON_CAP_ISSUERS) entry 'abc' must be an Ed25519 public key as 64 hex digits")]
    [InlineData("RON_REVOCATIONS", "/tmp", "revocations_file (RON_REVOCATIONS) '/tmp' is a directory")]
    [InlineData("RON_DENYLIST", "/tmp", "denylist_file (RON_DENYLIST) '/tmp' is a directory")]
    public void Bad_setting_is_refused_naming_it(string env, string value, string message)
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { [env] = value }));
        Assert.Contains(e.Problems, p => p.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Oversized_banner_field_is_refused()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { ["RON_BANNER_TERMS"] = new string('t', 5000) }));
        Assert.Contains(e.Problems, p => p.StartsWith("banner_terms is 5000 characters", StringComparison.Ordinal));
    }
}
