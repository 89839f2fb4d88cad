using System.Diagnostics;

namespace RustyOnions.Testing.Tor;

/// <summary>Finds tor and tor-gencert on PATH; fails with the install command when missing.</summary>
public static class TorBinaries
{
    /// <summary>Path of the tor binary.</summary>
    public static string Tor => Find("tor");

    /// <summary>Path of tor-gencert (Debian's tor package ships it).</summary>
    public static string TorGencert => Find("tor-gencert");

    /// <summary>Runs a tool to completion and returns its stdout; throws with stderr on failure.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, string? stdin, string? workDir, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', psi.ArgumentList)} exited with {p.ExitCode}: {await stderr.ConfigureAwait(false)}{output}");
        }

        return output;
    }

    /// <summary>Runs <c>tor --hash-password</c> and returns the "16:..." value for HashedControlPassword.</summary>
    public static async Task<string> HashPasswordAsync(string password, CancellationToken ct)
    {
        var output = await RunAsync(Tor, ["--hash-password", password, "--quiet"], null, null, ct).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => l.StartsWith("16:", StringComparison.Ordinal));
    }

    private static string Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' is not installed (not on PATH): run scripts/deps/tor.sh (installs Debian's tor package)");
    }
}
