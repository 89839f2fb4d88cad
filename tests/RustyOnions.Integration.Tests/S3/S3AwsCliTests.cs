using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>Debian's awscli (/usr/bin/aws, installed by scripts/deps/s3.sh) against the gateway.</summary>
[Collection(S3Collection.Name)]
public sealed class S3AwsCliTests(S3Fixture fx)
{
    private const string Aws = "/usr/bin/aws";

    private async Task<string> AwsAsync(params string[] args)
    {
        Assert.True(File.Exists(Aws), $"{Aws} is missing: run scripts/deps/s3.sh (Debian's awscli); another 'aws' on PATH is not used");
        var start = new ProcessStartInfo(Aws) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--endpoint-url", fx.S3Uri.ToString().TrimEnd('/'), "--no-cli-pager" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        var home = Path.Combine(fx.WorkDir, "awshome");
        Directory.CreateDirectory(home);
        start.Environment["HOME"] = home;
        start.Environment["AWS_ACCESS_KEY_ID"] = S3Fixture.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = S3Fixture.Secret;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', args)} timed out");
        }

        var output = await stdout;
        Assert.True(p.ExitCode == 0, $"aws {string.Join(' ', args)} exited {p.ExitCode}:\n{output}\n{await stderr}");
        return output;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Cp_of_100_MiB_up_and_down_round_trips()
    {
        var data = new byte[100 << 20];
        new Random(100).NextBytes(data);
        var up = Path.Combine(fx.WorkDir, "cli-up.bin");
        var down = Path.Combine(fx.WorkDir, "cli-down.bin");
        await File.WriteAllBytesAsync(up, data);
        await AwsAsync("s3", "mb", "s3://cli-big");
        await AwsAsync("s3", "cp", up, "s3://cli-big/dir/big.bin");
        await AwsAsync("s3", "cp", "s3://cli-big/dir/big.bin", down);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(down)));
        var head = JsonDocument.Parse(await AwsAsync("s3api", "head-object", "--bucket", "cli-big", "--key", "dir/big.bin")).RootElement;
        Assert.Equal(data.Length, head.GetProperty("ContentLength").GetInt64());
        Assert.Contains('-', head.GetProperty("ETag").GetString()!);
        File.Delete(up);
        File.Delete(down);
    }

    [Fact]
    public async Task Sync_range_get_and_delimited_listing()
    {
        var src = Path.Combine(fx.WorkDir, "sync-src");
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        await File.WriteAllTextAsync(Path.Combine(src, "a.txt"), "0123456789abcdefghij");
        await File.WriteAllTextAsync(Path.Combine(src, "b.txt"), "bee");
        await File.WriteAllTextAsync(Path.Combine(src, "sub", "c.txt"), "sea");
        await AwsAsync("s3", "mb", "s3://cli-sync");
        await AwsAsync("s3", "sync", src, "s3://cli-sync/p/");

        var list = JsonDocument.Parse(await AwsAsync("s3api", "list-objects-v2", "--bucket", "cli-sync", "--prefix", "p/", "--delimiter", "/")).RootElement;
        Assert.Equal(["p/a.txt", "p/b.txt"], list.GetProperty("Contents").EnumerateArray().Select(c => c.GetProperty("Key").GetString()));
        Assert.Equal(["p/sub/"], list.GetProperty("CommonPrefixes").EnumerateArray().Select(c => c.GetProperty("Prefix").GetString()));

        var outFile = Path.Combine(fx.WorkDir, "range.out");
        var get = JsonDocument.Parse(await AwsAsync("s3api", "get-object", "--bucket", "cli-sync", "--key", "p/a.txt", "--range", "bytes=10-14", outFile)).RootElement;
        Assert.Equal("bytes 10-14/20", get.GetProperty("ContentRange").GetString());
        Assert.Equal("abcde", await File.ReadAllTextAsync(outFile));

        // A second sync has nothing to do; a sync back down reproduces the tree.
        await AwsAsync("s3", "sync", src, "s3://cli-sync/p/");
        var back = Path.Combine(fx.WorkDir, "sync-back");
        await AwsAsync("s3", "sync", "s3://cli-sync/p/", back);
        Assert.Equal("sea", await File.ReadAllTextAsync(Path.Combine(back, "sub", "c.txt")));
        Assert.Equal("bee", await File.ReadAllTextAsync(Path.Combine(back, "b.txt")));
    }
}
