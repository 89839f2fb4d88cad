using System.Net;
using RustyOnions.Node.Admission;

namespace RustyOnions.Node.Config;

/// <summary>Everything a node needs to start; built by <see cref="NodeConfigLoader"/> and validated once.</summary>
public sealed record NodeOpts
{
    /// <summary>Where identity, blobs and SQLite live.</summary>
    public required string DataDir { get; init; }

    /// <summary>OAP/1 over TLS listen address.</summary>
    public IPEndPoint OapListen { get; init; } = new(IPAddress.Loopback, 9443);

    /// <summary>Admin HTTP (/healthz, /readyz, /metrics) listen address; loopback by default.</summary>
    public IPEndPoint AdminListen { get; init; } = new(IPAddress.Loopback, 9096);

    /// <summary>Trustless IPFS gateway (HTTP) listen address, or null when disabled (<c>ipfs_gateway_listen</c> "off").</summary>
    public IPEndPoint? IpfsGatewayListen { get; init; }

    /// <summary>Largest OAP/1 frame.</summary>
    public int MaxFrame { get; init; } = 1 << 20;

    /// <summary>Requests in progress at once (advertised in HELLO).</summary>
    public int MaxInflight { get; init; } = 1024;

    /// <summary>Largest object a PUT may store.</summary>
    public long MaxObjectBytes { get; init; } = 4L << 30;

    /// <summary>Directory served by storage GET {"path":...}; defaults to DataDir/tiles.</summary>
    public string? TilesRoot { get; init; }

    /// <summary>Mailbox visibility timeout when a RECV names none.</summary>
    public TimeSpan MailboxVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long mailbox idempotency keys are remembered.</summary>
    public TimeSpan MailboxIdempotencyRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Guard rails: readiness threshold, quotas, compression and connection limits.</summary>
    public GuardOpts Guard { get; init; } = new();

    /// <summary>Transports, tor control/SOCKS, onion port and privacy mode (src/Node/Tor).</summary>
    public RustyOnions.Node.Tor.NodeTorOpts Tor { get; init; } = new();

    /// <summary>Peers dialled at start (overlay bootstrap), with or without a #PeerId pin.</summary>
    public IReadOnlyList<RustyOnions.Proto.Addressing.NodeAddress> Bootstrap { get; init; } = [];

    /// <summary>Copies of each object (R).</summary>
    public int ReplicationFactor { get; init; } = 3;

    /// <summary>Durable copies before a PUT is answered (W).</summary>
    public int WriteQuorum { get; init; } = 2;

    /// <summary>mDNS LAN discovery of other nodes (<c>mdns</c>, RON_MDNS=on|off; default off; refused with hide_ip).</summary>
    public bool Mdns { get; init; }

    /// <summary>Host peers should dial this node at (default: the OAP listen address).</summary>
    public string? AdvertiseHost { get; init; }

    /// <summary>Erasure coding of large objects, scrub and repair (src/Overlay/Erasure).</summary>
    public RustyOnions.Overlay.Erasure.ErasureOpts Erasure { get; init; } = new();

    /// <summary>Index federation and anti-entropy settings.</summary>
    public Index.IndexOpts Index { get; init; } = new();

    /// <summary>Capability auth (src/Node/Auth, specs/caps.md).</summary>
    public Auth.AuthOpts Auth { get; init; } = new();

    /// <summary>Legal banner and denylist (src/Node/Legal).</summary>
    public Legal.LegalOpts Legal { get; init; } = new();

    /// <summary>The effective tiles root.</summary>
    /// <summary>S3 gateway listen ip:port (default 127.0.0.1:9000); null when s3_listen is "off".</summary>
    public IPEndPoint? S3Listen { get; init; } = new(IPAddress.Loopback, 9000);

    /// <summary>S3 access keys, "AKID:SECRET:tenant,...".</summary>
    public string? S3AccessKeys { get; init; }

    /// <summary>The region S3 clients sign for.</summary>
    public string S3Region { get; init; } = "us-east-1";

    /// <summary>Public host[:port] of the S3 gateway behind a reverse proxy (signatures, virtual-host buckets).</summary>
    public string? S3CanonicalHost { get; init; }

    /// <summary>Policy file (quotas, byte budgets, storage caps), hot-reloaded; null = none (<c>policy_file</c>, RON_POLICY).</summary>
    public string? PolicyFile { get; init; }

    /// <summary>How often the policy file's mtime is polled (fallback to the file watcher and SIGHUP).</summary>
    public TimeSpan PolicyPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Accounting settings (flush interval).</summary>
    public RustyOnions.Node.Accounting.AccountingOpts Accounting { get; init; } = new();

    /// <summary>Amnesia mode: memory-only stores and identity, nothing written to disk (<c>amnesia</c>, RON_AMNESIA, --amnesia).</summary>
    public bool Amnesia { get; init; }

    /// <summary>Buckets anyone may read without a signature, "bucket1,bucket2" (s3_anonymous_read).</summary>
    public string? S3AnonymousRead { get; init; }

    public string EffectiveTilesRoot => TilesRoot ?? Path.Combine(DataDir, "tiles");

    /// <summary>Returns one message per problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDir))
        {
            problems.Add("data_dir is empty: set --data DIR, RON_DATA_DIR or data_dir in the config file");
        }

        if (MaxFrame < 4096 || MaxFrame > 16 << 20)
        {
            problems.Add($"max_frame {MaxFrame} is out of range: use 4096..16777216 (RON_MAX_FRAME)");
        }

        if (MaxInflight < 1)
        {
            problems.Add($"max_inflight {MaxInflight} must be at least 1 (RON_MAX_INFLIGHT)");
        }

        if (MaxObjectBytes < 1)
        {
            problems.Add($"max_object_bytes {MaxObjectBytes} must be positive (RON_MAX_OBJECT_BYTES)");
        }

        if (MailboxVisibility <= TimeSpan.Zero)
        {
            problems.Add("mailbox_visibility_ms must be positive (RON_MAILBOX_VISIBILITY_MS)");
        }

        if (OapListen.Port == AdminListen.Port && OapListen.Port != 0 && OapListen.Address.Equals(AdminListen.Address))
        {
            problems.Add($"oap_listen and admin_listen both use {OapListen}: give them different ports");
        }

        problems.AddRange(Guard.Validate());
        problems.AddRange(Tor.Validate(OapListen, AdminListen));
        problems.AddRange(Tor.ValidateBootstrap(Bootstrap));
        if (Mdns && Tor.HideIp)
        {
            problems.Add("mdns (RON_MDNS=on) cannot be combined with hide_ip: mDNS broadcasts this node's IP address to the whole LAN; set RON_MDNS=off");
        }

        problems.AddRange(RustyOnions.Node.Tor.OnionGateways.Validate(Tor, IpfsGatewayListen, S3Listen));
        problems.AddRange(new RustyOnions.Overlay.Replication.ReplicationOpts { Factor = ReplicationFactor, WriteQuorum = WriteQuorum }.Validate());
        problems.AddRange(Index.Validate());
        problems.AddRange(Erasure.Validate());
        return problems;
    }
}
