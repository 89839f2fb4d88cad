using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RustyOnions.Integration.Tests.Index;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>
/// Amnesia mode writes nothing: the node runs under strace with fresh HOME, TMPDIR and working
/// directory while PUT/GET, mailbox, index, S3 and IPFS traffic runs, then shuts down; no file was
/// created or opened for writing outside /proc, /sys, /dev and the dotnet install, the data dir
/// was never created, and the fresh directories are byte-for-byte as before.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AmnesiaTests
{
    private const string TracedCalls = "openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,mknod,mknodat,truncate";

    [Fact]
    public async Task Amnesia_node_serves_every_api_and_writes_no_file()
    {
        var strace = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("strace is missing: run scripts/deps/amnesia.sh (or scripts/install-deps)");
        using var root = new TempDir("ron-amnesia");
        var home = Directory.CreateDirectory(root.Combine("home")).FullName;
        var tmp = Directory.CreateDirectory(root.Combine("tmp")).FullName;
        var cwd = Directory.CreateDirectory(root.Combine("cwd")).FullName;
        await File.WriteAllTextAsync(Path.Combine(home, ".profile"), "# untouched\n");
        var data = root.Combine("data");
        var trace = root.Combine("trace.txt");
        var before = Snapshot(home, tmp, cwd);

        var (oap, admin, s3Port, gwPort) = (PortAllocator.Next(), PortAllocator.Next(), PortAllocator.Next(), PortAllocator.Next());
        var start = new ProcessStartInfo(strace) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd };
        foreach (var a in new[] { "-f", "-qq", "-o", trace, "-e", "trace=" + TracedCalls, "dotnet", RonBinary.DllPath, "node", "run", "--amnesia", "--data", data, "--oap", $"127.0.0.1:{oap}", "--admin", $"127.0.0.1:{admin}" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var name in new[] { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "RON_DATA_DIR", "RON_CONFIG" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = home;
        start.Environment["TMPDIR"] = tmp;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_EnableDiagnostics"] = "0"; // else the runtime makes its IPC socket and debug pipes in TMPDIR
        start.Environment["RON_S3_ADDR"] = $"127.0.0.1:{s3Port}";
        start.Environment["RON_IPFS_GATEWAY_ADDR"] = $"127.0.0.1:{gwPort}";
        start.Environment["RON_S3_ACCESS_KEYS"] = "AKAMNESIA:amnesia-secret:alice";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<NodeAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        NodeAddress? address = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith('{') && JsonDocument.Parse(e.Data).RootElement is var j && j.GetProperty("event").GetString() is { } ev)
            {
                if (ev == "listening")
                {
                    Assert.True(j.GetProperty("amnesia").GetBoolean());
                    address = NodeAddress.Parse(j.GetProperty("oap").GetString()!);
                }
                else if (ev == "ready")
                {
                    ready.TrySetResult(address!);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var node = await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await ExerciseAsync(node, new Uri($"http://127.0.0.1:{admin}/"), new Uri($"http://127.0.0.1:{s3Port}/"), new Uri($"http://127.0.0.1:{gwPort}/"));

            // Graceful stop (SIGTERM to the node, not strace) so the shutdown path (zeroing) runs too.
            var child = int.Parse(File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            using (var term = Process.Start("kill", ["-TERM", child.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"amnesia node failed: {e.Message}\n--- output ---\n{output}", e);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        Assert.False(Directory.Exists(data), "amnesia must not create the data dir");
        Assert.Equal(before, Snapshot(home, tmp, cwd));
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var offending = WriteTrace.Offending(trace, ["/proc/", "/sys/", "/dev/", dotnetRoot]);
        Assert.True(offending.Count == 0, "files written in amnesia mode:\n" + string.Join('\n', offending.Take(30)));
        Assert.Contains("openat(", await File.ReadAllTextAsync(trace), StringComparison.Ordinal); // the trace really saw the node's file calls
    }

    private static async Task ExerciseAsync(NodeAddress node, Uri admin, Uri s3Uri, Uri gateway)
    {
        await using var client = await RonClient.ConnectAsync(new RonClientOpts { Node = node, Tenant = 5 });
        var data = new byte[300_000];
        new Random(44).NextBytes(data);
        var put = await client.PutAsync(data);
        Assert.Equal(data, await client.GetBytesAsync(put.Addr));

        var sent = await client.SendAsync("amnesia", "secret message");
        var got = await client.RecvAsync("amnesia", 10);
        Assert.Equal(sent.MsgId, Assert.Single(got).MsgId);
        await client.AckAsync(sent.MsgId);

        var (key, _) = Records.Key(nameof(Amnesia_node_serves_every_api_and_writes_no_file));
        var record = Records.Signed(key, "amnesia/doc.txt", 1, "doc v1");
        await client.PublishAsync(record);
        Assert.Equal(record.Address, (await client.ResolveAsync(record.Name))!.Address);

        using var s3 = new AmazonS3Client(new BasicAWSCredentials("AKAMNESIA", "amnesia-secret"), new AmazonS3Config { ServiceURL = s3Uri.ToString().TrimEnd('/'), ForcePathStyle = true, AuthenticationRegion = "us-east-1", UseHttp = true });
        await s3.PutBucketAsync("amnesia");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "amnesia", Key = "k.txt", ContentBody = "s3 body" });
        using (var obj = await s3.GetObjectAsync("amnesia", "k.txt"))
        using (var reader = new StreamReader(obj.ResponseStream))
        {
            Assert.Equal("s3 body", await reader.ReadToEndAsync());
        }

        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        string? cid = null;
        await Poll.UntilAsync(async () =>
        {
            using var r = await http.GetAsync($"ipfs-map/b3/{put.Addr}");
            if (!r.IsSuccessStatusCode)
            {
                return false;
            }

            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            cid = doc.RootElement.GetProperty("cid").GetString();
            return true;
        }, TimeSpan.FromSeconds(60), "the CID of the PUT object");
        using (var car = await http.GetAsync($"ipfs/{cid}?format=car"))
        {
            Assert.True(car.IsSuccessStatusCode, $"IPFS gateway answered {(int)car.StatusCode}");
            Assert.True((await car.Content.ReadAsByteArrayAsync()).Length > data.Length);
        }

        using var adminHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var usage = JsonDocument.Parse(await adminHttp.GetStringAsync(new Uri(admin, "usage?tenant=5")));
        Assert.Equal(data.Length, usage.RootElement.GetProperty("tenants")[0].GetProperty("stored_bytes").GetInt64()); // accounting in memory
    }

    /// <summary>Every file and directory under the roots with its size and content hash.</summary>
    private static string Snapshot(params string[] roots)
    {
        var sb = new StringBuilder();
        foreach (var r in roots)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(r, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                sb.Append(entry);
                if (File.Exists(entry))
                {
                    sb.Append(' ').Append(new FileInfo(entry).Length).Append(' ').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry))));
                }

                sb.Append('\n');
            }

            sb.Append(r).Append(" (").Append(Directory.GetLastWriteTimeUtc(r).Ticks).Append(")\n");
        }

        return sb.ToString();
    }
}
