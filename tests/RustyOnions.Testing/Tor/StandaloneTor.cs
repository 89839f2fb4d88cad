using System.Net;
using System.Text;
using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Testing.Tor;

/// <summary>
/// A single tor with DisableNetwork 1 (it never connects anywhere): enough to test the control
/// protocol, authentication and process death without starting a whole network.
/// </summary>
public sealed class StandaloneTor : IAsyncDisposable
{
    private readonly TorProcess _process;

    private StandaloneTor(TorProcess process, string root, IPEndPoint control, string? socketPath)
    {
        _process = process;
        Root = root;
        ControlEndPoint = control;
        ControlSocketPath = socketPath;
    }

    /// <summary>The temp directory holding everything (deleted on dispose).</summary>
    public string Root { get; }

    /// <summary>The TCP control port.</summary>
    public IPEndPoint ControlEndPoint { get; }

    /// <summary>The Unix control socket, when requested.</summary>
    public string? ControlSocketPath { get; }

    /// <summary>The control cookie file.</summary>
    public string CookiePath => _process.CookiePath;

    /// <summary>The tor process id.</summary>
    public int Pid => _process.Pid;

    /// <summary>
    /// Starts tor with cookie authentication, plus HashedControlPassword when <paramref name="password"/>
    /// is given, plus a Unix ControlSocket when <paramref name="unixSocket"/> is true.
    /// </summary>
    public static async Task<StandaloneTor> StartAsync(string? password, bool unixSocket, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("ron-tor1-").FullName;
        try
        {
            var empty = Path.Combine(root, "empty");
            await File.WriteAllTextAsync(empty, string.Empty, ct).ConfigureAwait(false);
            var data = Path.Combine(root, "tor");
            var socketPath = unixSocket ? Path.Combine(root, "control.sock") : null;
            var torrc = new StringBuilder()
                .AppendLine($"DataDirectory {data}")
                .AppendLine("ControlPort auto")
                .AppendLine($"ControlPortWriteToFile {Path.Combine(data, "control.port")}")
                .AppendLine("CookieAuthentication 1")
                .AppendLine("DisableNetwork 1")
                .AppendLine("SocksPort 0")
                .AppendLine($"GeoIPFile {empty}")
                .AppendLine($"GeoIPv6File {empty}")
                .AppendLine($"Log notice file {Path.Combine(data, "notice.log")}")
                .AppendLine($"__OwningControllerProcess {Environment.ProcessId}");
            if (password is not null)
            {
                torrc.AppendLine($"HashedControlPassword {await TorBinaries.HashPasswordAsync(password, ct).ConfigureAwait(false)}");
            }

            if (socketPath is not null)
            {
                torrc.AppendLine($"ControlSocket {socketPath}");
            }

            var process = TorProcess.Start(data, torrc.ToString(), empty);
            try
            {
                var control = await process.WaitForControlPortAsync("standalone", TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
                return new StandaloneTor(process, root, control, socketPath);
            }
            catch
            {
                await process.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Options for a control client to this tor (cookie path set explicitly).</summary>
    public TorControlOpts ControlOpts(string? password = null) => new(ControlEndPoint) { Password = password, CookiePath = CookiePath };

    /// <summary>Kills tor now (the test of a dying tor).</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Kills tor and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        TryDelete(Root);
    }

    internal static void TryDelete(string dir)
    {
        for (var i = 0; i < 5; i++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // tor may still be removing its own files as it dies.
                Thread.Sleep(100);
            }
        }
    }
}
