using System.Diagnostics;

namespace RustyOnions.Integration.Tests.Overlay;

/// <summary>
/// A throwaway LAN: one network namespace per node, each with a veth on a host bridge in
/// 10.77.&lt;n&gt;.0/24 (the host is .1, node i is .(i+2)). Multicast never leaves it.
/// </summary>
internal sealed class MdnsLan : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly string _bridge;
    private readonly int _subnet;

    private MdnsLan(string bridge, int subnet)
    {
        _bridge = bridge;
        _subnet = subnet;
    }

    /// <summary>The namespaces, in node order.</summary>
    public IReadOnlyList<string> Namespaces => _namespaces;

    /// <summary>The host's address on the bridge.</summary>
    public string HostAddress => $"10.77.{_subnet}.1";

    /// <summary>Address of node <paramref name="i"/> on the LAN.</summary>
    public string Address(int i) => $"10.77.{_subnet}.{i + 2}";

    /// <summary>Creates the bridge and <paramref name="nodes"/> namespaces; everything is removed again if a step fails.</summary>
    public static async Task<MdnsLan> CreateAsync(int nodes)
    {
        var pid = Environment.ProcessId;
        var subnet = (pid % 200) + 20;
        var lan = new MdnsLan($"rmd{pid % 100000}", subnet);
        try
        {
            await Ip($"link add {lan._bridge} type bridge").ConfigureAwait(false);
            await Ip($"addr add 10.77.{subnet}.1/24 dev {lan._bridge}").ConfigureAwait(false);
            await Ip($"link set {lan._bridge} up").ConfigureAwait(false);
            for (var i = 0; i < nodes; i++)
            {
                var ns = $"ron-mdns-{pid}-{(char)('a' + i)}";
                var veth = $"v{pid % 100000}{(char)('a' + i)}";
                await Ip($"netns add {ns}").ConfigureAwait(false);
                lan._namespaces.Add(ns);
                await Ip($"link add {veth} type veth peer name eth0 netns {ns}").ConfigureAwait(false);
                await Ip($"link set {veth} master {lan._bridge} up").ConfigureAwait(false);
                await Ip($"-n {ns} addr add {lan.Address(i)}/24 dev eth0").ConfigureAwait(false);
                await Ip($"-n {ns} link set eth0 up").ConfigureAwait(false);
                await Ip($"-n {ns} link set lo up").ConfigureAwait(false);
                await Ip($"-n {ns} route add 224.0.0.0/4 dev eth0").ConfigureAwait(false);
            }

            return lan;
        }
        catch
        {
            await lan.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs `ip` with <paramref name="args"/>; throws with its stderr when it fails (e.g. not root).</summary>
    public static async Task Ip(string args)
    {
        var start = new ProcessStartInfo("ip", args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(start) ?? throw new InvalidOperationException("could not start `ip` (install iproute2)");
        var err = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"`ip {args}` failed ({p.ExitCode}): {err.Trim()} — this test needs root and iproute2 to create network namespaces");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            await IgnoreAsync($"netns del {ns}").ConfigureAwait(false);
        }

        await IgnoreAsync($"link del {_bridge}").ConfigureAwait(false);
    }

    private static async Task IgnoreAsync(string args)
    {
        try
        {
            await Ip(args).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
