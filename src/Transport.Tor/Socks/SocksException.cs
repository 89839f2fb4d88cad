namespace RustyOnions.Transport.Tor.Socks;

/// <summary>
/// A SOCKS5 dial failed: the proxy answered with an error <see cref="Reply"/>, or the handshake itself
/// failed (proxy unreachable, auth rejected, protocol violation) in which case <see cref="Reply"/> is null.
/// </summary>
public sealed class SocksException : IOException
{
    /// <summary>Creates the exception for a reply code.</summary>
    public SocksException(SocksReply? reply, string message, Exception? innerException = null)
        : base(message, innerException) => Reply = reply;

    /// <summary>Creates the exception without a reply code.</summary>
    public SocksException()
        : this(null, "SOCKS5 dial failed")
    {
    }

    /// <summary>Creates the exception without a reply code.</summary>
    public SocksException(string message)
        : this(null, message)
    {
    }

    /// <summary>Creates the exception without a reply code.</summary>
    public SocksException(string message, Exception innerException)
        : this(null, message, innerException)
    {
    }

    /// <summary>The proxy's reply code, or null when no reply was received.</summary>
    public SocksReply? Reply { get; }

    /// <summary>
    /// True when retrying later may succeed: descriptor not (yet) found, intro/rendezvous failures,
    /// timeouts, general failure.
    /// </summary>
    public bool IsTransient => Reply is SocksReply.GeneralFailure or SocksReply.TtlExpired or SocksReply.HostUnreachable
        or SocksReply.OnionDescriptorNotFound or SocksReply.OnionIntroFailed or SocksReply.OnionRendezvousFailed
        or SocksReply.OnionIntroTimedOut;

    /// <summary>A precise, human-readable meaning of a reply code.</summary>
    public static string Describe(SocksReply reply) => reply switch
    {
        SocksReply.Succeeded => "succeeded",
        SocksReply.GeneralFailure => "general SOCKS server failure (0x01)",
        SocksReply.NotAllowedByRuleset => "connection not allowed by ruleset (0x02)",
        SocksReply.NetworkUnreachable => "network unreachable (0x03)",
        SocksReply.HostUnreachable => "host unreachable (0x04)",
        SocksReply.ConnectionRefused => "connection refused by the destination (0x05)",
        SocksReply.TtlExpired => "TTL expired / timed out (0x06)",
        SocksReply.CommandNotSupported => "command not supported (0x07)",
        SocksReply.AddressTypeNotSupported => "address type not supported (0x08)",
        SocksReply.OnionDescriptorNotFound => "onion service descriptor not found: not published yet or no such service (0xF0)",
        SocksReply.OnionDescriptorInvalid => "onion service descriptor is invalid (0xF1)",
        SocksReply.OnionIntroFailed => "onion service introduction failed (0xF2)",
        SocksReply.OnionRendezvousFailed => "onion service rendezvous failed (0xF3)",
        SocksReply.OnionMissingClientAuth => "onion service requires client authorization (0xF4)",
        SocksReply.OnionWrongClientAuth => "onion service client authorization is wrong (0xF5)",
        SocksReply.OnionBadAddress => "onion address is invalid (0xF6)",
        SocksReply.OnionIntroTimedOut => "onion service introduction timed out (0xF7)",
        _ => $"unknown SOCKS reply code 0x{(byte)reply:X2}",
    };
}
