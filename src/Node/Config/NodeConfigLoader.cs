using System.Globalization;
using System.Net;
using System.Text.Json;
using RustyOnions.Node.Admission;

namespace RustyOnions.Node.Config;

/// <summary>
/// Builds <see cref="NodeOpts"/> from embedded defaults, then a JSON config file, then <c>RON_*</c>
/// environment variables, then command-line flags (later wins), and validates the result.
/// </summary>
public static class NodeConfigLoader
{
    /// <summary>The settings, by their file key, with the environment variable that overrides each.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvNames = new Dictionary<string, string>(RustyOnions.Node.Tor.NodeTorConfig.EnvNames)
    {
        ["data_dir"] = "RON_DATA_DIR",
        ["oap_listen"] = "RON_OAP_ADDR",
        ["admin_listen"] = "RON_ADMIN_ADDR",
        ["max_frame"] = "RON_MAX_FRAME",
        ["max_inflight"] = "RON_MAX_INFLIGHT",
        ["max_object_bytes"] = "RON_MAX_OBJECT_BYTES",
        ["tiles_root"] = "RON_TILES_ROOT",
        ["mailbox_visibility_ms"] = "RON_MAILBOX_VISIBILITY_MS",
        ["bootstrap"] = "RON_BOOTSTRAP",
        ["mdns"] = "RON_MDNS",
        ["replication_factor"] = "RON_REPLICATION",
        ["write_quorum"] = "RON_WRITE_QUORUM",
        ["advertise_host"] = "RON_ADVERTISE_HOST",
        ["ipfs_gateway_listen"] = "RON_IPFS_GATEWAY_ADDR",
        ["index_federation"] = "RON_INDEX_FEDERATION",
        ["index_sync_interval_ms"] = "RON_INDEX_SYNC_INTERVAL_MS",
        ["s3_listen"] = "RON_S3_ADDR",
        ["s3_access_keys"] = "RON_S3_ACCESS_KEYS",
        ["s3_region"] = "RON_S3_REGION",
        ["s3_canonical_host"] = "RON_S3_CANONICAL_HOST",
        ["s3_anonymous_read"] = "RON_S3_ANONYMOUS_READ",
    }.Concat(GuardConfig.EnvNames()).Concat(RustyOnions.Node.Policy.PolicyConfig.EnvNames())
        .Concat(Auth.AuthConfig.EnvNames()).Concat(Legal.LegalConfig.EnvNames())
        .Concat(RustyOnions.Node.Overlay.Erasure.ErasureConfig.EnvNames()).ToDictionary();

    /// <summary>The default data directory: $XDG_DATA_HOME/rustyonions or ~/.local/share/rustyonions.</summary>
    public static string DefaultDataDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : xdg;
        return Path.Combine(baseDir, "rustyonions");
    }

    /// <summary>Loads and validates; throws <see cref="NodeConfigException"/> listing every problem.</summary>
    public static NodeOpts Load(string? configFile, IReadOnlyDictionary<string, string?> flags, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();

        if (configFile is not null)
        {
            ReadFile(configFile, values, problems);
        }

        foreach (var (key, name) in EnvNames)
        {
            if (env(name) is { Length: > 0 } v)
            {
                values[key] = v;
            }
        }

        foreach (var (key, v) in flags)
        {
            if (v is not null)
            {
                values[key] = v;
            }
        }

        var opts = new NodeOpts { DataDir = values.GetValueOrDefault("data_dir") ?? DefaultDataDir(), IpfsGatewayListen = new IPEndPoint(IPAddress.Loopback, 8080) };
        opts = Apply(opts, values, problems);
        problems.AddRange(opts.Validate());
        return problems.Count > 0 ? throw new NodeConfigException(problems) : opts;
    }

    private static void ReadFile(string path, Dictionary<string, string> values, List<string> problems)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 8 });
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!EnvNames.ContainsKey(p.Name))
                {
                    problems.Add($"{path}: unknown setting '{p.Name}' (known: {string.Join(", ", EnvNames.Keys)})");
                    continue;
                }

                values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            problems.Add($"config file {path} cannot be read: {e.Message}");
        }
    }

    private static NodeOpts Apply(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        if (v.TryGetValue("oap_listen", out var oap))
        {
            o = o with { OapListen = Endpoint("oap_listen", oap, problems) ?? o.OapListen };
        }

        if (v.TryGetValue("admin_listen", out var admin))
        {
            o = o with { AdminListen = Endpoint("admin_listen", admin, problems) ?? o.AdminListen };
        }

        if (v.TryGetValue("ipfs_gateway_listen", out var gw))
        {
            o = o with { IpfsGatewayListen = gw is "" or "off" ? null : Endpoint("ipfs_gateway_listen", gw, problems) ?? o.IpfsGatewayListen };
        }

        if (v.TryGetValue("max_frame", out var mf))
        {
            o = o with { MaxFrame = (int)Number("max_frame", mf, problems, o.MaxFrame) };
        }

        if (v.TryGetValue("max_inflight", out var mi))
        {
            o = o with { MaxInflight = (int)Number("max_inflight", mi, problems, o.MaxInflight) };
        }

        if (v.TryGetValue("max_object_bytes", out var mo))
        {
            o = o with { MaxObjectBytes = Number("max_object_bytes", mo, problems, o.MaxObjectBytes) };
        }

        if (v.TryGetValue("tiles_root", out var tiles))
        {
            o = o with { TilesRoot = tiles };
        }

        if (v.TryGetValue("mailbox_visibility_ms", out var vis))
        {
            o = o with { MailboxVisibility = TimeSpan.FromMilliseconds(Number("mailbox_visibility_ms", vis, problems, 30000)) };
        }

        o = GuardConfig.Apply(o, v, problems);
        o = o with { Tor = RustyOnions.Node.Tor.NodeTorConfig.Apply(o.Tor, v, problems) };
        o = Index.IndexConfig.Apply(o, v, problems);
        o = ApplyS3(o, v, problems);
        o = RustyOnions.Node.Policy.PolicyConfig.Apply(o, v, problems);
        o = Auth.AuthConfig.Apply(o, v, problems);
        o = Legal.LegalConfig.Apply(o, v, problems);
        o = RustyOnions.Node.Overlay.Erasure.ErasureConfig.Apply(o, v, problems);
        return Overlay(o, v, problems);
    }

    private static NodeOpts Overlay(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        if (v.TryGetValue("bootstrap", out var boot))
        {
            var list = new List<RustyOnions.Proto.Addressing.NodeAddress>();
            foreach (var item in boot.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var text = item.Trim('"');
                if (RustyOnions.Proto.Addressing.NodeAddress.TryParse(text, out var a, out var error))
                {
                    list.Add(a);
                }
                else
                {
                    problems.Add($"bootstrap (RON_BOOTSTRAP) entry '{text}' is not a node address such as tls://127.0.0.1:9443#<peerid>: {error}");
                }
            }

            o = o with { Bootstrap = list };
        }

        if (v.TryGetValue("replication_factor", out var r))
        {
            o = o with { ReplicationFactor = (int)Math.Clamp(Number("replication_factor", r, problems, o.ReplicationFactor), 0, 1000) };
        }

        if (v.TryGetValue("write_quorum", out var w))
        {
            o = o with { WriteQuorum = (int)Math.Clamp(Number("write_quorum", w, problems, o.WriteQuorum), 0, 1000) };
        }

        if (v.TryGetValue("mdns", out var mdns))
        {
            o = o with { Mdns = RustyOnions.Node.Overlay.Mdns.MdnsConfig.Parse(mdns, problems) };
        }

        if (v.TryGetValue("advertise_host", out var adv))
        {
            o = o with { AdvertiseHost = adv };
        }

        return o;
    }


    private static NodeOpts ApplyS3(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        if (v.TryGetValue("s3_listen", out var s3))
        {
            o = o with { S3Listen = s3.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Endpoint("s3_listen", s3, problems) ?? o.S3Listen };
        }

        if (v.TryGetValue("s3_access_keys", out var keys))
        {
            try
            {
                _ = Bridges.S3.S3AccessKey.ParseList(keys);
                o = o with { S3AccessKeys = keys };
            }
            catch (FormatException e)
            {
                problems.Add($"s3_access_keys (RON_S3_ACCESS_KEYS): {e.Message}");
            }
        }

        if (v.TryGetValue("s3_region", out var region))
        {
            o = o with { S3Region = region };
        }

        if (v.TryGetValue("s3_canonical_host", out var host))
        {
            o = o with { S3CanonicalHost = host };
        }

        if (v.TryGetValue("s3_anonymous_read", out var anonymous))
        {
            o = S3.S3AnonymousRead.Apply(o, anonymous, problems);
        }

        return o;
    }

    private static long Number(string key, string text, List<string> problems, long fallback)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= int.MinValue and <= long.MaxValue)
        {
            if (key is "max_frame" or "max_inflight" && n > int.MaxValue)
            {
                problems.Add($"{key} ({EnvNames[key]}) = {text} is too large");
                return fallback;
            }

            return n;
        }

        problems.Add($"{key} ({EnvNames[key]}) must be an integer, got '{text}'");
        return fallback;
    }

    private static IPEndPoint? Endpoint(string key, string text, List<string> problems)
    {
        if (IPEndPoint.TryParse(text, out var ep) && text.Contains(':', StringComparison.Ordinal))
        {
            return ep;
        }

        problems.Add($"{key} ({EnvNames[key]}) must be ip:port such as 127.0.0.1:9443, got '{text}'");
        return null;
    }
}
