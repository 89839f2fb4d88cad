using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>One measured operation of <see cref="S3Workload"/>.</summary>
public sealed record S3WorkloadResult(string Operation, int N, double RequestsPerSecond, double MegabytesPerSecond, double P50Ms, double P99Ms)
{
    public override string ToString() =>
        $"{Operation}: n={N} {RequestsPerSecond:F1} req/s {MegabytesPerSecond:F1} MB/s p50={P50Ms:F2} ms p99={P99Ms:F2} ms";
}

/// <summary>
/// The S3 benchmark workload (docs/performance.md "## S3 gateway"): sequential GETs of 1 KiB, 1 MiB and 64 MiB
/// objects and PUTs of 64 MiB, through whatever client it is given. Used for the gateway alone and side by side
/// with Ceph's RADOS Gateway (bench/s3-compare).
/// </summary>
public static class S3Workload
{
    public static async Task<List<S3WorkloadResult>> RunAsync(IAmazonS3 s3, string bucket, CancellationToken ct = default)
    {
        var results = new List<S3WorkloadResult>();
        var buffer = new byte[1 << 20];
        foreach (var (size, n) in new[] { (1 << 10, 300), (1 << 20, 40), (64 << 20, 3) })
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "o" + size, InputStream = new MemoryStream(data) }, ct);
            var times = new List<double>();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var sw = Stopwatch.StartNew();
                using var get = await s3.GetObjectAsync(bucket, "o" + size, ct);
                long read = 0;
                int k;
                while ((k = await get.ResponseStream.ReadAsync(buffer, ct)) > 0)
                {
                    read += k;
                }

                Assert.Equal(size, read);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            results.Add(Result($"GET {size >> 10} KiB", n, size, total.Elapsed, times));
        }

        var big = new byte[64 << 20];
        new Random(64).NextBytes(big);
        var putTimes = new List<double>();
        var putTotal = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "put" + i, InputStream = new MemoryStream(big) }, ct);
            putTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        results.Add(Result("PUT 65536 KiB", 3, big.Length, putTotal.Elapsed, putTimes));
        return results;
    }

    private static S3WorkloadResult Result(string what, int n, long size, TimeSpan total, List<double> times)
    {
        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)];
        return new S3WorkloadResult(what, n, n / total.TotalSeconds, n * size / total.TotalSeconds / 1e6, p50, p99);
    }
}
