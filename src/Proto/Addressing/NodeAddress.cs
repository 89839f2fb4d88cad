using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RustyOnions.Proto.Addressing;

/// <summary>
/// A node address URI: <c>tls://host:port[#PeerId]</c> or <c>tor://&lt;56 base32&gt;.onion:port[#PeerId]</c>.
/// </summary>
public sealed record NodeAddress(TransportKind Transport, string Host, int Port, PeerId? PeerId)
{
    /// <summary>Length of a v3 onion service label.</summary>
    public const int OnionLabelLength = 56;

    /// <summary>Longest address text accepted by the parser.</summary>
    public const int MaxLength = 512;

    /// <summary>Parses an address, throwing <see cref="FormatException"/> with the reason.</summary>
    public static NodeAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    /// <summary>Parses an address, returning a precise reason on failure.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NodeAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "node address is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"node address is longer than {MaxLength} characters";
            return false;
        }

        TransportKind kind;
        string rest;
        if (text.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            kind = TransportKind.Tls;
            rest = text[6..];
        }
        else if (text.StartsWith("tor://", StringComparison.OrdinalIgnoreCase))
        {
            kind = TransportKind.Tor;
            rest = text[6..];
        }
        else
        {
            error = $"node address '{text}' must start with tls:// or tor://";
            return false;
        }

        PeerId? peer = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            if (!Addressing.PeerId.TryParse(rest[(hash + 1)..], out var p))
            {
                error = $"node address '{text}': the part after '#' must be a PeerId of {Addressing.PeerId.Length * 2} hex digits";
                return false;
            }

            peer = p;
            rest = rest[..hash];
        }

        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            error = $"node address '{text}' must name host:port";
            return false;
        }

        var host = rest[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"node address '{text}': port must be 1-65535";
            return false;
        }

        if (kind == TransportKind.Tor && !IsOnionHost(host))
        {
            error = $"node address '{text}': a tor address needs a v3 onion host ({OnionLabelLength} base32 characters + '.onion')";
            return false;
        }

        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Contains(' ', StringComparison.Ordinal))
        {
            error = $"node address '{text}' has an invalid host";
            return false;
        }

        address = new NodeAddress(kind, host.ToLowerInvariant(), port, peer);
        error = null;
        return true;
    }

    /// <summary>True for a v3 onion host name.</summary>
    public static bool IsOnionHost(string host)
    {
        if (!host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase) || host.Length != OnionLabelLength + 6)
        {
            return false;
        }

        foreach (var c in host.AsSpan(0, OnionLabelLength))
        {
            var lower = char.ToLowerInvariant(c);
            if (!((lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same address with another PeerId pin.</summary>
    public NodeAddress WithPeer(PeerId peer) => this with { PeerId = peer };

    /// <inheritdoc />
    public override string ToString()
    {
        var scheme = Transport == TransportKind.Tls ? "tls" : "tor";
        var host = Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;
        var text = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{Port}");
        return PeerId is { } p ? text + "#" + p : text;
    }
}
