namespace RustyOnions.Transport.Tor.Socks;

/// <summary>SOCKS5 reply codes (RFC 1928 §6) and tor's extended onion codes (SocksPort ExtendedErrors).</summary>
public enum SocksReply : byte
{
    /// <summary>0x00 succeeded.</summary>
    Succeeded = 0x00,

    /// <summary>0x01 general SOCKS server failure.</summary>
    GeneralFailure = 0x01,

    /// <summary>0x02 connection not allowed by ruleset (tor: exit policy).</summary>
    NotAllowedByRuleset = 0x02,

    /// <summary>0x03 network unreachable.</summary>
    NetworkUnreachable = 0x03,

    /// <summary>0x04 host unreachable (tor: e.g. unresolvable name).</summary>
    HostUnreachable = 0x04,

    /// <summary>0x05 connection refused by the destination.</summary>
    ConnectionRefused = 0x05,

    /// <summary>0x06 TTL expired (tor: timeout).</summary>
    TtlExpired = 0x06,

    /// <summary>0x07 command not supported.</summary>
    CommandNotSupported = 0x07,

    /// <summary>0x08 address type not supported.</summary>
    AddressTypeNotSupported = 0x08,

    /// <summary>0xF0 onion service descriptor not found (not published yet, or no such service).</summary>
    OnionDescriptorNotFound = 0xF0,

    /// <summary>0xF1 onion service descriptor is invalid.</summary>
    OnionDescriptorInvalid = 0xF1,

    /// <summary>0xF2 onion service introduction failed.</summary>
    OnionIntroFailed = 0xF2,

    /// <summary>0xF3 onion service rendezvous failed.</summary>
    OnionRendezvousFailed = 0xF3,

    /// <summary>0xF4 onion service needs client authorization, none given.</summary>
    OnionMissingClientAuth = 0xF4,

    /// <summary>0xF5 onion service client authorization is wrong.</summary>
    OnionWrongClientAuth = 0xF5,

    /// <summary>0xF6 the onion address is invalid.</summary>
    OnionBadAddress = 0xF6,

    /// <summary>0xF7 onion service introduction timed out.</summary>
    OnionIntroTimedOut = 0xF7,
}
