using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace RustyOnions.Testing.Tor;

/// <summary>
/// One tor process started from a torrc in its own data directory (always <c>-f torrc
/// --defaults-torrc empty</c>, so /etc/tor/torrc is never read). Keeps the last output lines for
/// error messages. Killed by PID on dispose.
/// </summary>
public sealed class TorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private TorProcess(Process process, string dataDir)
    {
        _process = process;
        DataDirectory = dataDir;
    }

    /// <summary>The data directory (holds torrc, control_auth_cookie, control.port, notice.log).</summary>
    public string DataDirectory { get; }

    /// <summary>The OS process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The cookie file tor writes (CookieAuthentication 1).</summary>
    public string CookiePath => Path.Combine(DataDirectory, "control_auth_cookie");

    /// <summary>
    /// Starts tor with <paramref name="torrc"/> written to DataDirectory/torrc. The torrc should set
    /// <c>ControlPort auto</c> and <c>ControlPortWriteToFile DataDirectory/control.port</c>.
    /// </summary>
    public static TorProcess Start(string dataDir, string torrc, string emptyFile)
    {
        var tor = TorBinaries.Tor;
        Directory.CreateDirectory(dataDir);
        var torrcPath = Path.Combine(dataDir, "torrc");
        File.WriteAllText(torrcPath, torrc);
        var psi = new ProcessStartInfo(tor)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // --hush: warnings and errors only, so config errors are visible but output stays small.
        foreach (var a in new[] { "-f", torrcPath, "--defaults-torrc", emptyFile, "--hush" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tor}");
        var result = new TorProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => result.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => result.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>The last lines tor printed (warnings and errors), for failure messages.</summary>
    public string OutputTail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>Throws with tor's own output if the process has exited.</summary>
    public void EnsureRunning(string name)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"tor '{name}' (pid {Pid}) exited with code {_process.ExitCode}; its output:\n{OutputTail()}");
        }
    }

    /// <summary>Waits until tor has written its control port file and a 32-byte cookie; returns the control endpoint.</summary>
    public async Task<IPEndPoint> WaitForControlPortAsync(string name, TimeSpan timeout, CancellationToken ct)
    {
        var portFile = Path.Combine(DataDirectory, "control.port");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            EnsureRunning(name);
            if (File.Exists(portFile) && File.Exists(CookiePath) && new FileInfo(CookiePath).Length == 32)
            {
                // "PORT=127.0.0.1:12345" (plus "UNIX_PORT=/path" lines for ControlSocket).
                var lines = await File.ReadAllLinesAsync(portFile, ct).ConfigureAwait(false);
                var hostPort = lines.FirstOrDefault(l => l.StartsWith("PORT=", StringComparison.Ordinal))?[5..] ?? string.Empty;
                var colon = hostPort.LastIndexOf(':');
                if (colon > 0 && int.TryParse(hostPort[(colon + 1)..], CultureInfo.InvariantCulture, out var port))
                {
                    return new IPEndPoint(IPAddress.Parse(hostPort[..colon]), port);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"tor '{name}' wrote no control port file/cookie within {timeout.TotalSeconds} s; output:\n{OutputTail()}");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process (SIGKILL) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills the process.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }
}
