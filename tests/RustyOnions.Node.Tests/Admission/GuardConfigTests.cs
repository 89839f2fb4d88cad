using RustyOnions.Node.Config;

namespace RustyOnions.Node.Tests.Admission;

public sealed class GuardConfigTests
{
    private static NodeOpts Load(Dictionary<string, string> env, string? file = null) =>
        NodeConfigLoader.Load(file, new Dictionary<string, string?> { ["data_dir"] = "/tmp/x" }, name => env.GetValueOrDefault(name));

    [Fact]
    public void Defaults_have_no_quotas_and_documented_limits()
    {
        var g = Load([]).Guard;
        Assert.Empty(g.Quotas);
        Assert.Equal(90, g.ReadyOverloadPct);
        Assert.Equal(10, g.MaxCompressionRatio);
        Assert.Equal(8L << 20, g.EffectiveMaxDecompressed(1 << 20));
        Assert.Equal(TimeSpan.FromSeconds(10), g.FrameTimeout);
    }

    [Fact]
    public void Environment_sets_quotas_and_burst_defaults_to_rps()
    {
        var o = Load(new() { ["RON_QUOTA_MAILBOX_RPS"] = "5", ["RON_QUOTA_STORAGE_RPS"] = "2.5", ["RON_QUOTA_STORAGE_BURST"] = "10", ["RON_READY_OVERLOAD_PCT"] = "50", ["RON_MAX_INFLIGHT"] = "8" });
        Assert.Equal(new(5, 5), o.Guard.Quotas["mailbox"]);
        Assert.Equal(new(2.5, 10), o.Guard.Quotas["storage"]);
        Assert.Equal(50, o.Guard.ReadyOverloadPct);
        Assert.Equal(8, o.MaxInflight);
    }

    [Fact]
    public void File_sets_quotas_and_environment_overrides_the_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"quota_mailbox_rps": 3, "quota_mailbox_burst": 6, "frame_timeout_ms": 500}""");
            var o = Load(new() { ["RON_QUOTA_MAILBOX_BURST"] = "9" }, file);
            Assert.Equal(new(3, 9), o.Guard.Quotas["mailbox"]);
            Assert.Equal(TimeSpan.FromMilliseconds(500), o.Guard.FrameTimeout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("RON_QUOTA_MAILBOX_RPS", "fast", "quota_mailbox_rps")]
    [InlineData("RON_QUOTA_ECHO_BURST", "4", "quota_echo_burst is set without")]
    [InlineData("RON_READY_OVERLOAD_PCT", "0", "ready_overload_pct")]
    [InlineData("RON_MAX_COMPRESSION_RATIO", "0", "max_compression_ratio")]
    public void Bad_guard_settings_are_rejected_naming_the_setting(string name, string value, string expected)
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { [name] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
