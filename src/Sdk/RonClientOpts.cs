using System.Globalization;
using System.Net;
using RustyOnions.Sdk.Connection;
using RustyOnions.Proto.Addressing;
using RustyOnions.Sdk.Retry;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Sdk;

/// <summary>How a client reaches a node and who it speaks for.</summary>
public sealed record RonClientOpts
{
    /// <summary>The default node address (a local node on its embedded default port).</summary>
    public const string DefaultNodeUrl = "tls://127.0.0.1:9443";

    /// <summary>The node to connect to, e.g. <c>tls://127.0.0.1:9443#&lt;peerid&gt;</c>.</summary>
    public required NodeAddress Node { get; init; }

    /// <summary>The tenant requests are made for.</summary>
    public UInt128 Tenant { get; init; }

    /// <summary>Capability bytes sent on every START frame (RON_CAP).</summary>
    public byte[] Cap { get; init; } = [];

    /// <summary>TLS settings (trusted roots when the address has no PeerId pin).</summary>
    public TlsDialOpts Tls { get; init; } = TlsDialOpts.Default;

    /// <summary>Frame limit to ask the node for in HELLO (null: the node's).</summary>
    public int? MaxFrame { get; init; }

    /// <summary>Time budget of one request (RON_TIMEOUT_MS).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of idempotent calls (RON_RETRY_MAX sets <see cref="RonRetryOpts.MaxRetries"/>).</summary>
    public RonRetryOpts Retry { get; init; } = new();

    /// <summary>tor's SOCKS port, used for tor:// node addresses (RON_TOR_SOCKS, default 127.0.0.1:9050).</summary>
    public EndPoint TorSocks { get; init; } = RonDialOpts.DefaultTorSocks;

    /// <summary>How the connection is dialed; the SOCKS user name is the tenant id, so tenants never share tor circuits.</summary>
    public RonDialOpts DialOpts => new(Tls) { TorSocks = TorSocks, SocksUsername = Tenant.ToString(CultureInfo.InvariantCulture) };

    /// <summary>
    /// Reads RON_NODE_URL, RON_CAP, RON_TENANT, RON_RETRY_MAX, RON_TIMEOUT_MS and RON_TOR_SOCKS; <paramref name="nodeUrl"/> wins over the environment.
    /// </summary>
    public static RonClientOpts FromEnvironment(string? nodeUrl = null, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var url = nodeUrl ?? env("RON_NODE_URL") ?? DefaultNodeUrl;
        if (!NodeAddress.TryParse(url, out var address, out var error))
        {
            throw new ArgumentException($"RON_NODE_URL: {error}");
        }

        var opts = new RonClientOpts { Node = address };
        if (env("RON_CAP") is { Length: > 0 } cap)
        {
            opts = opts with { Cap = System.Text.Encoding.UTF8.GetBytes(cap) };
        }

        if (env("RON_TENANT") is { Length: > 0 } tenant)
        {
            opts = opts with { Tenant = UInt128.TryParse(tenant, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : throw new ArgumentException($"RON_TENANT must be a decimal u128, got '{tenant}'") };
        }

        if (env("RON_TIMEOUT_MS") is { Length: > 0 } timeout)
        {
            opts = opts with { RequestTimeout = int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : throw new ArgumentException($"RON_TIMEOUT_MS must be a positive integer, got '{timeout}'") };
        }

        if (env("RON_RETRY_MAX") is { Length: > 0 } retries)
        {
            opts = opts with { Retry = opts.Retry with { MaxRetries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"RON_RETRY_MAX must be a non-negative integer, got '{retries}'") } };
        }

        if (env("RON_TOR_SOCKS") is { Length: > 0 } socks)
        {
            opts = opts with { TorSocks = IPEndPoint.TryParse(socks, out var ep) && socks.Contains(':', StringComparison.Ordinal) ? ep : throw new ArgumentException($"RON_TOR_SOCKS must be ip:port such as 127.0.0.1:9050, got '{socks}'") };
        }

        return opts;
    }
}
