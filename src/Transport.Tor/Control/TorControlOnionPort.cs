using System.Globalization;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>An ADD_ONION port mapping: the onion's virtual port → a local target ("127.0.0.1:8080" or "unix:/path").</summary>
public sealed record TorControlOnionPort(int VirtualPort, string Target)
{
    /// <summary>Maps a virtual port to a loopback TCP port.</summary>
    public static TorControlOnionPort ToLoopback(int virtualPort, int localPort) =>
        new(virtualPort, "127.0.0.1:" + localPort.ToString(CultureInfo.InvariantCulture));

    internal string ToArgument()
    {
        if (VirtualPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(VirtualPort), VirtualPort, "onion virtual port must be 1..65535");
        }

        if (string.IsNullOrEmpty(Target) || Target.AsSpan().IndexOfAny(" \r\n") >= 0)
        {
            throw new ArgumentException($"onion port target '{Target}' must be a non-empty host:port or unix:path without spaces", nameof(Target));
        }

        return "Port=" + VirtualPort.ToString(CultureInfo.InvariantCulture) + "," + Target;
    }
}
