namespace RustyOnions.Transport.Tor.Control;

/// <summary>Authentication methods tor may offer in PROTOCOLINFO.</summary>
public enum TorControlAuthMethod
{
    /// <summary>No authentication configured (NULL).</summary>
    Null,

    /// <summary>HashedControlPassword (HASHEDPASSWORD).</summary>
    HashedPassword,

    /// <summary>The cookie file's 32 bytes sent in hex (COOKIE).</summary>
    Cookie,

    /// <summary>HMAC-SHA256 challenge-response over the cookie (SAFECOOKIE); proves tor knows the cookie too.</summary>
    SafeCookie,
}
