using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>Loopback throughput of the gateway through the AWS SDK (numbers go to docs/performance.md, "## S3 gateway").</summary>
[Collection(S3Collection.Name)]
public sealed class S3PerformanceTests(S3Fixture fx, ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Get_and_put_throughput_through_the_aws_sdk()
    {
        using var s3 = fx.Client();
        await s3.PutBucketAsync("perf");
        foreach (var result in await S3Workload.RunAsync(s3, "perf"))
        {
            output.WriteLine(result.ToString());
        }
    }
}
