using RustyOnions.Sdk;

namespace RustyOnions.Sdk.Tests.Retry;

public sealed class RetryOptsTests
{
    [Fact]
    public void Environment_sets_retry_max_timeout_and_tenant()
    {
        var env = new Dictionary<string, string> { ["RON_RETRY_MAX"] = "7", ["RON_TIMEOUT_MS"] = "1500", ["RON_TENANT"] = "42", ["RON_NODE_URL"] = "tls://127.0.0.1:1" };
        var o = RonClientOpts.FromEnvironment(null, n => env.GetValueOrDefault(n));
        Assert.Equal(7, o.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.RequestTimeout);
        Assert.Equal((UInt128)42, o.Tenant);
    }

    [Fact]
    public void Defaults_retry_three_times_within_thirty_seconds()
    {
        var o = RonClientOpts.FromEnvironment("tls://127.0.0.1:1", _ => null);
        Assert.Equal(3, o.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Retry.Budget);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("many")]
    public void Bad_retry_max_is_rejected_naming_the_variable(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => RonClientOpts.FromEnvironment("tls://127.0.0.1:1", n => n == "RON_RETRY_MAX" ? value : null));
        Assert.Contains("RON_RETRY_MAX", e.Message, StringComparison.Ordinal);
    }
}
