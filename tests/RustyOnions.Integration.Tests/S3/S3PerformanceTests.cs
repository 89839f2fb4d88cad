using System.Diagnostics;
using Amazon.S3.Model;
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
        var buffer = new byte[1 << 20];
        foreach (var (size, n) in new[] { (1 << 10, 300), (1 << 20, 40), (64 << 20, 3) })
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "perf", Key = "o" + size, InputStream = new MemoryStream(data) });
            var times = new List<double>();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var sw = Stopwatch.StartNew();
                using var get = await s3.GetObjectAsync("perf", "o" + size);
                long read = 0;
                int k;
                while ((k = await get.ResponseStream.ReadAsync(buffer)) > 0)
                {
                    read += k;
                }

                Assert.Equal(size, read);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            Report($"GET {size >> 10} KiB", n, size, total.Elapsed, times);
        }

        var big = new byte[64 << 20];
        new Random(64).NextBytes(big);
        var putTimes = new List<double>();
        var putTotal = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "perf", Key = "put" + i, InputStream = new MemoryStream(big) });
            putTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        Report("PUT 65536 KiB", 3, big.Length, putTotal.Elapsed, putTimes);
    }

    private void Report(string what, int n, long size, TimeSpan total, List<double> times)
    {
        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)];
        output.WriteLine($"{what}: n={n} {n / total.TotalSeconds:F1} req/s {n * size / total.TotalSeconds / 1e6:F1} MB/s p50={p50:F2} ms p99={p99:F2} ms");
    }
}
