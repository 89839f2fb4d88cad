using System.Diagnostics.CodeAnalysis;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Overlay.Mdns;

/// <summary>
/// The TXT strings of a <c>_rustyonions._tcp</c> mDNS instance (specs/overlay.md §mDNS):
/// <c>v=1</c>, <c>peer=&lt;PeerId hex&gt;</c>, <c>addr=tls://host:port</c>. The PeerId here is only a
/// hint: the dialer pins it and the mutual-TLS handshake refuses a certificate that does not match.
/// </summary>
public static class MdnsTxt
{
    /// <summary>The DNS-SD service type.</summary>
    public const string ServiceType = "_rustyonions._tcp";

    /// <summary>The service type's fully qualified name on the link.</summary>
    public const string ServiceName = ServiceType + ".local";

    /// <summary>The TXT strings advertising <paramref name="self"/> (its tls:// address; onion addresses are never broadcast).</summary>
    public static IReadOnlyList<string> Encode(PeerAdvert self)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (self.Address.Transport != TransportKind.Tls)
        {
            throw new ArgumentException($"mDNS advertises tls:// addresses only, got {self.Address}", nameof(self));
        }

        return ["v=1", $"peer={self.Peer}", $"addr={self.Address with { PeerId = null }}"];
    }

    /// <summary>Parses TXT strings into an advert; false (with the reason) when malformed.</summary>
    public static bool TryParse(IEnumerable<string> strings, [NotNullWhen(true)] out PeerAdvert? advert, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(strings);
        advert = null;
        string? version = null, peerText = null, addrText = null;
        foreach (var s in strings)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? s : s[..eq];
            var value = eq < 0 ? string.Empty : s[(eq + 1)..];
            switch (key.ToLowerInvariant())
            {
                case "v": version ??= value; break;
                case "peer": peerText ??= value; break;
                case "addr": addrText ??= value; break;
                default: break; // unknown keys are ignored (RFC 6763 §6.4)
            }
        }

        if (version != "1")
        {
            error = version is null ? "TXT has no v= key" : $"TXT version '{version}' is not supported (want v=1)";
            return false;
        }

        if (peerText is null || !PeerId.TryParse(peerText, out var peer))
        {
            error = peerText is null ? "TXT has no peer= key" : $"TXT peer '{peerText}' is not a PeerId";
            return false;
        }

        if (addrText is null)
        {
            error = "TXT has no addr= key";
            return false;
        }

        if (!NodeAddress.TryParse(addrText, out var addr, out var why))
        {
            error = $"TXT addr '{addrText}' is not a node address: {why}";
            return false;
        }

        if (addr.Transport != TransportKind.Tls)
        {
            error = $"TXT addr '{addrText}' is not a tls:// address";
            return false;
        }

        if (addr.PeerId is { } pin && pin != peer)
        {
            error = $"TXT addr pins {pin} but peer= says {peer}";
            return false;
        }

        advert = new PeerAdvert(peer, addr.WithPeer(peer));
        error = null;
        return true;
    }
}
