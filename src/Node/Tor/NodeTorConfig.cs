using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RustyOnions.Node.Tor;

/// <summary>Parses the tor settings (file key → value) for <see cref="Config.NodeConfigLoader"/>.</summary>
public static class NodeTorConfig
{
    /// <summary>The tor settings by file key, with their environment variables.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvNames = new Dictionary<string, string>
    {
        ["transports"] = "RON_TRANSPORTS",
        ["tor_control"] = "RON_TOR_CONTROL",
        ["tor_control_password"] = "RON_TOR_CONTROL_PASSWORD",
        ["tor_socks"] = "RON_TOR_SOCKS",
        ["onion_port"] = "RON_ONION_PORT",
        ["hide_ip"] = "RON_HIDE_IP",
        ["onion_gateways"] = "RON_ONION_GATEWAYS",
    };

    /// <summary>Applies the tor settings present in <paramref name="values"/>; adds one message per bad value.</summary>
    public static NodeTorOpts Apply(NodeTorOpts o, IReadOnlyDictionary<string, string> values, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(problems);
        if (values.TryGetValue("transports", out var t))
        {
            o = o with { Transports = t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).Distinct().ToArray() };
        }

        if (values.TryGetValue("tor_control", out var c))
        {
            o = o with { Control = ParseEndPoint(c, allowUnix: true) ?? Bad(problems, "tor_control", c, "host:port or unix:/path", o.Control) };
        }

        if (values.TryGetValue("tor_control_password", out var pw))
        {
            o = o with { ControlPassword = pw };
        }

        if (values.TryGetValue("tor_socks", out var s))
        {
            o = o with { Socks = ParseEndPoint(s, allowUnix: false) ?? Bad(problems, "tor_socks", s, "ip:port such as 127.0.0.1:9050", o.Socks) };
        }

        if (values.TryGetValue("onion_port", out var p))
        {
            o = o with { OnionPort = int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Bad(problems, "onion_port", p, "a port number", o.OnionPort) };
        }

        if (values.TryGetValue("onion_gateways", out var gw))
        {
            o = o with { OnionGateways = gw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).Distinct().ToArray() };
        }

        if (values.TryGetValue("hide_ip", out var h))
        {
            o = o with { HideIp = ParseBool(h) ?? Bad(problems, "hide_ip", h, "true/false/1/0", o.HideIp) };
        }

        return o;
    }

    /// <summary>Parses "ip:port", "localhost:port" or (when allowed) "unix:/path"; null when malformed.</summary>
    public static EndPoint? ParseEndPoint(string text, bool allowUnix)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            return allowUnix && text.Length > 5 ? new UnixDomainSocketEndPoint(text[5..]) : null;
        }

        if (IPEndPoint.TryParse(text, out var ip) && text.Contains(':', StringComparison.Ordinal))
        {
            return ip;
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new DnsEndPoint(text[..colon], port)
            : null;
    }

    private static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" or "" => false,
        _ => null,
    };

    private static T Bad<T>(List<string> problems, string key, string text, string expected, T fallback)
    {
        problems.Add($"{key} ({EnvNames[key]}) must be {expected}, got '{text}'");
        return fallback;
    }
}
