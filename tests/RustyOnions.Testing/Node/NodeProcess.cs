using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Testing.Node;

/// <summary>
/// A real `ron node run` process on free loopback ports. Disposing kills it (and waits), also
/// when the test failed; its output is kept for failure messages.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<JsonElement> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<NodeAddress> _onion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string dataDir, int oapPort, int adminPort, int ipfsGatewayPort)
    {
        IpfsGatewayPort = ipfsGatewayPort;
        _process = process;
        DataDir = dataDir;
        OapPort = oapPort;
        AdminPort = adminPort;
    }

    /// <summary>The node's data directory.</summary>
    public string DataDir { get; }

    /// <summary>The OAP/1 port.</summary>
    public int OapPort { get; }

    /// <summary>The admin HTTP port.</summary>
    public int AdminPort { get; }

    /// <summary>The port given to the trustless IPFS gateway (RON_IPFS_GATEWAY_ADDR; the caller's env may override it).</summary>
    public int IpfsGatewayPort { get; }

    /// <summary>The IPFS gateway base URI the node reported ("ipfs_gateway" in its listening line), or null when disabled.</summary>
    public Uri? IpfsGatewayUri { get; private set; }

    /// <summary>The S3 gateway's base URI from the listening line, or null when s3_listen is off.</summary>
    public Uri? S3Uri { get; private set; }

    /// <summary>The OS process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The node's address with its PeerId pin.</summary>
    public NodeAddress Address { get; private set; } = null!;

    /// <summary>Completes with the onion address from the {"event":"onion"} line (tor transport only).</summary>
    public Task<NodeAddress> Onion => _onion.Task;

    /// <summary>Waits for the onion address (the onion service is published then).</summary>
    public async Task<NodeAddress> WaitOnionAsync(TimeSpan timeout)
    {
        try
        {
            return await _onion.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"node did not publish its onion service: {e.Message}\n--- node output ---\n{Output}", e);
        }
    }

    /// <summary>The admin base URI.</summary>
    public Uri AdminUri => new($"http://127.0.0.1:{AdminPort}/");

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts a node and waits until it reports ready.</summary>
    /// <param name="wrapper">Optional command the node runs under, e.g. ["ip", "netns", "exec", "NAME"] (it must exec dotnet in place).</param>
    /// <param name="bindHost">Host the OAP and admin listeners bind to (default 127.0.0.1).</param>
    public static async Task<NodeProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? env = null, int? oapPort = null, int? adminPort = null, bool waitReady = true, TimeSpan? timeout = null, IReadOnlyList<string>? wrapper = null, string bindHost = "127.0.0.1")
    {
        var oap = oapPort ?? PortAllocator.Next();
        var admin = adminPort ?? PortAllocator.Next();
        var start = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in wrapper is { Count: > 0 } ? [.. wrapper.Skip(1), "dotnet"] : Array.Empty<string>())
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in new[] { RonBinary.DllPath, "node", "run", "--data", dataDir, "--oap", $"{bindHost}:{oap}", "--admin", $"{bindHost}:{admin}" })
        {
            start.ArgumentList.Add(a);
        }

        // A free port, not the default 8080: tests run many nodes at once.
        var gateway = PortAllocator.Next();
        start.Environment["RON_IPFS_GATEWAY_ADDR"] = $"127.0.0.1:{gateway}";
        // Never the default 9000: parallel nodes (and other test runs on the machine) would collide.
        start.Environment["RON_S3_ADDR"] = $"127.0.0.1:{PortAllocator.Next()}";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var node = new NodeProcess(process, dataDir, oap, admin, gateway);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var listening = await node._listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            node.Address = NodeAddress.Parse(listening.GetProperty("oap").GetString()!);
            node.IpfsGatewayUri = listening.TryGetProperty("ipfs_gateway", out var gw) ? new Uri(gw.GetString()!) : null;
            if (listening.TryGetProperty("s3", out var s3) && s3.GetString() is { } s3Text && s3Text != "off")
            {
                node.S3Uri = new Uri(s3Text);
            }
            if (waitReady)
            {
                await node._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }

            return node;
        }
        catch (Exception e)
        {
            var output = node.Output;
            await node.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"node did not start: {e.Message}\n--- node output ---\n{output}", e);
        }
    }

    /// <summary>SIGKILL: the crash case (no shutdown code runs).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = SysKill(_process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await KillAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The process exit code (after it exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to exit on its own.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException("node exited before it was listening"));
            _ready.TrySetException(new InvalidOperationException("node exited before it was ready"));
            _onion.TrySetException(new InvalidOperationException("node exited before it published an onion address"));
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line.StartsWith("{\"event\":", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(line);
            switch (doc.RootElement.GetProperty("event").GetString())
            {
                case "listening":
                    _listening.TrySetResult(doc.RootElement.Clone());
                    break;
                case "ready":
                    _ready.TrySetResult();
                    break;
                case "onion":
                    _onion.TrySetResult(NodeAddress.Parse(doc.RootElement.GetProperty("onion").GetString()!));
                    break;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SysKill(int pid, int signal);
}
