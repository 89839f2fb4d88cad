using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Xunit.Abstractions;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>
/// bench/s3-compare: the same <see cref="S3Workload"/> against several S3 endpoints (the gateway and Ceph's RADOS
/// Gateway), named in the JSON file RON_S3_COMPARE_TARGETS; writes a JSON summary to RON_S3_COMPARE_OUT.
/// Without RON_S3_COMPARE_TARGETS it only checks that the summary format round-trips (the suite never needs Ceph).
/// </summary>
[Trait("Category", "Bench")]
public sealed class S3CompareTests(ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public async Task Same_aws_sdk_workload_runs_against_every_target_and_prints_a_json_summary()
    {
        var targetsFile = Environment.GetEnvironmentVariable("RON_S3_COMPARE_TARGETS");
        if (string.IsNullOrEmpty(targetsFile))
        {
            var sample = new[] { new S3WorkloadResult("GET 1 KiB", 1, 2, 3, 4, 5) };
            Assert.Equal(sample, JsonSerializer.Deserialize<S3WorkloadResult[]>(JsonSerializer.Serialize(sample, Json), Json));
            output.WriteLine("RON_S3_COMPARE_TARGETS not set: run bench/s3-compare/run");
            return;
        }

        var targets = JsonSerializer.Deserialize<List<Target>>(await File.ReadAllTextAsync(targetsFile), Json)
            ?? throw new InvalidDataException($"{targetsFile} holds no targets");
        var summary = new Dictionary<string, object>
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["machine"] = $"{Environment.ProcessorCount} cores, shared with other builds",
        };
        foreach (var t in targets)
        {
            // Checksums only where S3 requires them: Ceph 16 predates trailing checksums, and both sides must do the same work.
            using var s3 = new AmazonS3Client(new BasicAWSCredentials(t.AccessKey, t.Secret), new AmazonS3Config
            {
                ServiceURL = t.Url,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                UseHttp = true,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                Timeout = TimeSpan.FromMinutes(5),
            });
            var bucket = "compare-" + DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await s3.PutBucketAsync(bucket);
            var results = await S3Workload.RunAsync(s3, bucket);
            foreach (var r in results)
            {
                output.WriteLine($"{t.Name} {r}");
            }

            summary[t.Name] = results;
        }

        var text = JsonSerializer.Serialize(summary, Json);
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("RON_S3_COMPARE_OUT") is { Length: > 0 } outFile)
        {
            await File.WriteAllTextAsync(outFile, text);
        }
    }

    private sealed record Target(string Name, string Url, string AccessKey, string Secret);
}
