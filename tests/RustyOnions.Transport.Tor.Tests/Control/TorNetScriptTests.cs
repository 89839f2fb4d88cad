using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RustyOnions.Testing.Tor;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Tests.Support;

namespace RustyOnions.Transport.Tor.Tests.Control;

/// <summary>The testers' entry point testnet/tor-net: start, use, and stop a network.</summary>
[Trait("Category", "Slow")]
public sealed class TorNetScriptTests
{
    [Fact]
    public async Task Tor_net_script_starts_a_bootstrapped_network_and_down_removes_it()
    {
        _ = TorBinaries.Tor; // fails with the install hint when tor is missing
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var dir = Path.Combine(Path.GetTempPath(), "ron-tor-net-" + Guid.NewGuid().ToString("N"));
        var script = Path.Combine(RepoRoot.Path, "testnet", "tor-net");
        try
        {
            var json = await RunAsync(script, [dir], cts.Token);
            using var doc = JsonDocument.Parse(json.Trim().Split('\n')[^1]);
            var root = doc.RootElement;
            Assert.Equal(dir, root.GetProperty("dir").GetString());
            Assert.Equal(5, root.GetProperty("pids").GetArrayLength());

            var opts = new TorControlOpts(IPEndPoint.Parse(root.GetProperty("control").GetString()!)) { CookiePath = root.GetProperty("cookie").GetString() };
            await using var ctl = await TorControlClient.ConnectAsync(opts, cts.Token);
            await ctl.AuthenticateAsync(cts.Token);
            Assert.True((await ctl.GetBootstrapStatusAsync(cts.Token)).IsDone);
            Assert.Equal([root.GetProperty("socks").GetString()!], await ctl.GetSocksListenersAsync(cts.Token));
        }
        finally
        {
            // Also after a failed start: --down kills what the pids file lists and deletes the dir.
            if (File.Exists(Path.Combine(dir, "pids")))
            {
                await RunAsync(script, ["--down", dir], cts.Token);
            }
            else if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.False(Directory.Exists(dir));
    }

    private static async Task<string> RunAsync(string script, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Owned by the test process: the tors die with it even if --down never runs.
        psi.Environment["TOR_NET_OWNER"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        Assert.True(p.ExitCode == 0, $"tor-net {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
