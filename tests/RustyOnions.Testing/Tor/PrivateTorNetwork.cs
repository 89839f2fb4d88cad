using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Testing.Tor;

/// <summary>
/// A private Tor network on 127.0.0.1: 4 directory authorities (also the only relays) and one
/// client/onion-service tor with a SOCKS port. Nothing leaves loopback. Every tor is started with
/// <c>__OwningControllerProcess</c> = this process, so none outlives the test run, and is killed
/// by PID on dispose. Option choices follow the shared note "tor-private-network".
/// </summary>
public sealed class PrivateTorNetwork : IAsyncDisposable
{
    private const int Authorities = 4;
    private readonly List<TorProcess> _processes = [];

    private PrivateTorNetwork(string root) => Root = root;

    /// <summary>The temp directory holding every tor's data (deleted on dispose).</summary>
    public string Root { get; }

    /// <summary>The client tor's SOCKS5 port (ExtendedErrors on).</summary>
    public IPEndPoint SocksEndPoint { get; private set; } = null!;

    /// <summary>The client tor's control port (the one to publish onion services on).</summary>
    public IPEndPoint ControlEndPoint { get; private set; } = null!;

    /// <summary>The client tor's control cookie.</summary>
    public string CookiePath { get; private set; } = null!;

    /// <summary>PIDs of every tor started.</summary>
    public IReadOnlyList<int> Pids => _processes.ConvertAll(p => p.Pid);

    /// <summary>Time from the first tor start to client bootstrap 100 %.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Options for a control client to the client tor.</summary>
    public TorControlOpts ControlOpts => new(ControlEndPoint) { CookiePath = CookiePath };

    /// <summary>Starts the network and waits until the client tor has bootstrapped.</summary>
    public static async Task<PrivateTorNetwork> StartAsync(CancellationToken ct)
    {
        var net = new PrivateTorNetwork(Directory.CreateTempSubdirectory("ron-tornet-").FullName);
        try
        {
            await net.LaunchAsync(ct).ConfigureAwait(false);
            return net;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The directory (and its logs) is deleted below: put the logs' tails in the message.
            var logs = net.LogTails();
            await net.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"private Tor network failed to start: {ex.Message}\n{logs}", ex);
        }
        catch
        {
            await net.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Throws if any tor of the network has exited.</summary>
    public void EnsureRunning()
    {
        for (var i = 0; i < _processes.Count; i++)
        {
            _processes[i].EnsureRunning(i < Authorities ? $"a{i}" : "client");
        }
    }

    /// <summary>Kills every tor by PID and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        StandaloneTor.TryDelete(Root);
    }

    private string LogTails()
    {
        var sb = new StringBuilder();
        foreach (var log in Directory.EnumerateFiles(Root, "notice.log", SearchOption.AllDirectories))
        {
            try
            {
                var lines = File.ReadAllLines(log);
                sb.AppendLine(CultureInfo.InvariantCulture, $"--- {Path.GetRelativePath(Root, log)}");
                foreach (var l in lines.Skip(Math.Max(0, lines.Length - 8)))
                {
                    sb.AppendLine(l);
                }
            }
            catch (IOException)
            {
            }
        }

        return sb.ToString();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var empty = Path.Combine(Root, "empty");
        await File.WriteAllTextAsync(empty, string.Empty, ct).ConfigureAwait(false);
        var ports = Enumerable.Range(0, Authorities).Select(_ => (Or: FreePort(), Dir: FreePort())).ToArray();
        var dirAuthLines = await Task.WhenAll(Enumerable.Range(0, Authorities)
            .Select(i => CreateAuthorityKeysAsync(i, ports[i].Or, ports[i].Dir, empty, ct))).ConfigureAwait(false);

        var common = new StringBuilder()
            .AppendLine("TestingTorNetwork 1")
            .AppendLine("ControlPort auto")
            .AppendLine("CookieAuthentication 1")
            .AppendLine($"GeoIPFile {empty}")
            .AppendLine($"GeoIPv6File {empty}")
            .AppendLine("UseDefaultFallbackDirs 0")
            .AppendLine("ClientUseIPv6 0")
            .AppendLine("PathsNeededToBuildCircuits 0.25")
            .AppendLine("TestingDirAuthVoteGuard *")
            .AppendLine("TestingDirAuthVoteHSDir *")
            .AppendLine("TestingMinExitFlagThreshold 0")
            .AppendLine("V3AuthNIntervalsValid 2")
            .AppendLine("AssumeReachable 1")
            .AppendLine("ShutdownWaitLength 0")
            .AppendLine($"__OwningControllerProcess {Environment.ProcessId}");
        foreach (var line in dirAuthLines)
        {
            common.AppendLine(line);
        }

        // First valid-after boundary ~5 s after launch (initial voting interval 5 s).
        var offset = (long)DateTime.UtcNow.TimeOfDay.TotalSeconds % 5;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < Authorities; i++)
        {
            var data = Path.Combine(Root, $"a{i}");
            var torrc = new StringBuilder().Append(common).AppendLine(CultureInfo.InvariantCulture, $"""
                DataDirectory {data}
                ControlPortWriteToFile {Path.Combine(data, "control.port")}
                Log notice file {Path.Combine(data, "notice.log")}
                Nickname a{i}
                SocksPort 0
                ORPort 127.0.0.1:{ports[i].Or}
                DirPort 127.0.0.1:{ports[i].Dir}
                Address 127.0.0.1
                AuthoritativeDirectory 1
                V3AuthoritativeDirectory 1
                ExitRelay 0
                ExitPolicy reject *:*
                ServerDNSDetectHijacking 0
                ServerDNSTestAddresses
                ContactInfo ron-test@127.0.0.1
                TestingV3AuthInitialVotingInterval 5
                TestingV3AuthInitialVoteDelay 2
                TestingV3AuthInitialDistDelay 2
                V3AuthVotingInterval 10
                V3AuthVoteDelay 2
                V3AuthDistDelay 2
                TestingV3AuthVotingStartOffset {offset}
                """);
            _processes.Add(TorProcess.Start(data, torrc.ToString(), empty));
        }

        var clientData = Path.Combine(Root, "client");
        var clientTorrc = new StringBuilder().Append(common).AppendLine($"""
            DataDirectory {clientData}
            ControlPortWriteToFile {Path.Combine(clientData, "control.port")}
            Log notice file {Path.Combine(clientData, "notice.log")}
            SocksPort auto ExtendedErrors
            UseEntryGuards 0
            DisableNetwork 1
            """);
        var client = TorProcess.Start(clientData, clientTorrc.ToString(), empty);
        _processes.Add(client);

        var deadline = TimeSpan.FromSeconds(120);
        var authControl = await _processes[0].WaitForControlPortAsync("a0", TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        ControlEndPoint = await client.WaitForControlPortAsync("client", TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        CookiePath = client.CookiePath;

        await using (var auth = await TorControlClient.ConnectAsync(new TorControlOpts(authControl) { CookiePath = _processes[0].CookiePath }, ct).ConfigureAwait(false))
        {
            await auth.AuthenticateAsync(ct).ConfigureAwait(false);
            while (CountRelays(await auth.GetInfoAsync("ns/all", ct).ConfigureAwait(false)) < Authorities)
            {
                EnsureRunning();
                if (sw.Elapsed > deadline)
                {
                    throw new TimeoutException($"no consensus listing {Authorities} relays after {deadline.TotalSeconds} s (logs under {Root})");
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }

        await using var ctl = await TorControlClient.ConnectAsync(ControlOpts, ct).ConfigureAwait(false);
        await ctl.AuthenticateAsync(ct).ConfigureAwait(false);
        await ctl.SetConfAsync("DisableNetwork", "0", ct).ConfigureAwait(false);
        while (!(await ctl.GetBootstrapStatusAsync(ct).ConfigureAwait(false)).IsDone)
        {
            EnsureRunning();
            if (sw.Elapsed > deadline)
            {
                throw new TimeoutException($"client tor did not bootstrap within {deadline.TotalSeconds} s (logs under {Root})");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        var socks = (await ctl.GetSocksListenersAsync(ct).ConfigureAwait(false))[0];
        SocksEndPoint = IPEndPoint.Parse(socks);
        StartupTime = sw.Elapsed;
    }

    private static int CountRelays(string nsAll) =>
        nsAll.Split('\n').Count(l => l.StartsWith("r ", StringComparison.Ordinal));

    private async Task<string> CreateAuthorityKeysAsync(int i, int orPort, int dirPort, string empty, CancellationToken ct)
    {
        var data = Path.Combine(Root, $"a{i}");
        var keys = Path.Combine(data, "keys");
        Directory.CreateDirectory(keys);
        await TorBinaries.RunAsync(TorBinaries.TorGencert,
            ["--create-identity-key", "--passphrase-fd", "0", "-m", "12", "-a", $"127.0.0.1:{dirPort}",
             "-i", "authority_identity_key", "-s", "authority_signing_key", "-c", "authority_certificate"],
            "\n", keys, ct).ConfigureAwait(false);
        var fpOut = await TorBinaries.RunAsync(TorBinaries.Tor,
            ["--list-fingerprint", "--orport", "1", "--datadirectory", data, "-f", empty, "--defaults-torrc", empty, "--quiet"],
            null, null, ct).ConfigureAwait(false);
        var cert = await File.ReadAllLinesAsync(Path.Combine(keys, "authority_certificate"), ct).ConfigureAwait(false);
        var v3 = cert.First(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))[12..].Trim();
        // "<nickname> XXXX XXXX ..." : the relay fingerprint is everything after the nickname.
        var last = fpOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var fp = last[(last.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace(" ", string.Empty, StringComparison.Ordinal);
        return $"DirAuthority a{i} orport={orPort} no-v2 v3ident={v3} 127.0.0.1:{dirPort} {fp}";
    }
}
