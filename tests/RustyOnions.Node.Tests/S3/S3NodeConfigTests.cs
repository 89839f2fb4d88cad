using RustyOnions.Bridges.S3;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Config;
using RustyOnions.Node.Metrics;
using RustyOnions.Node.S3;

namespace RustyOnions.Node.Tests.S3;

public sealed class S3NodeConfigTests
{
    private static NodeOpts Load(Dictionary<string, string> env, string? file = null) =>
        NodeConfigLoader.Load(file, new Dictionary<string, string?> { ["data_dir"] = "/tmp/x" }, name => env.GetValueOrDefault(name));

    [Fact]
    public void Anonymous_read_buckets_come_from_the_environment_or_the_file()
    {
        var fromEnv = Load(new() { ["RON_S3_ANONYMOUS_READ"] = " public-a , public-b,," });
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"s3_anonymous_read": "from-file"}""");
            var fromFile = Load([], file);

            Assert.Equal(["public-a", "public-b"], S3AnonymousRead.Parse(fromEnv.S3AnonymousRead).Order(StringComparer.Ordinal));
            Assert.Equal(["from-file"], S3AnonymousRead.Parse(fromFile.S3AnonymousRead));
            Assert.Empty(S3AnonymousRead.Parse(Load([]).S3AnonymousRead));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Anonymous_read_with_an_invalid_bucket_name_is_rejected_naming_the_setting()
    {
        var e = Assert.Throws<NodeConfigException>(() => Load(new() { ["RON_S3_ANONYMOUS_READ"] = "ok-bucket,Bad_Name" }));
        Assert.Contains("s3_anonymous_read (RON_S3_ANONYMOUS_READ): 'Bad_Name' is not a valid bucket name", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ok-bucket", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_quota_keys_configure_the_s3_bucket_rule()
    {
        var o = Load(new() { ["RON_QUOTA_S3_RPS"] = "0.5", ["RON_QUOTA_S3_BURST"] = "4" });
        Assert.Equal(new QuotaRule(0.5, 4), o.Guard.Quotas["s3"]);
    }

    [Fact]
    public async Task Admission_refuses_with_503_SlowDown_and_Retry_After_per_tenant_and_releases_the_gate()
    {
        var opts = new GuardOpts { Quotas = new Dictionary<string, QuotaRule> { ["s3"] = new(0.5, 2) }, OverloadRetryAfterMs = 250 };
        var control = AdmissionControl.Create(2, opts, new NodeMetrics(), TimeProvider.System);
        var admission = new S3NodeAdmission(control);

        using (await admission.EnterAsync("alice", "GET", null, default))
        using (await admission.EnterAsync("alice", "GET", null, default))
        {
            Assert.Equal(2, control.Gate.Count);
            var quota = await Assert.ThrowsAsync<S3Exception>(async () => await admission.EnterAsync("alice", "GET", null, default));
            Assert.Equal((503, "SlowDown"), (quota.Status, quota.Code));
            Assert.Contains("tenant alice is over its S3 request quota", quota.Message, StringComparison.Ordinal);
            Assert.Equal("2", quota.Headers["Retry-After"]); // one token at 0.5/s is 2 s away

            // Bob has tokens, but the gate (2) is full.
            var full = await Assert.ThrowsAsync<S3Exception>(async () => await admission.EnterAsync("bob", "GET", null, default));
            Assert.Equal((503, "SlowDown"), (full.Status, full.Code));
            Assert.Contains("too many requests in flight", full.Message, StringComparison.Ordinal);
            Assert.Equal("1", full.Headers["Retry-After"]);
            Assert.Equal("250", full.Headers["x-ron-retry-after-ms"]);
        }

        Assert.Equal(0, control.Gate.Count);
        using var anonymous = await admission.EnterAsync(null, "GET", null, default);
        Assert.NotNull(anonymous);
        Assert.NotEqual(S3NodeAdmission.TenantId("anonymous"), S3NodeAdmission.AnonymousTenant);
        Assert.NotEqual(S3NodeAdmission.TenantId("alice"), S3NodeAdmission.TenantId("bob"));
    }
}
