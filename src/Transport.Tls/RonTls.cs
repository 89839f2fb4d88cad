namespace RustyOnions.Transport.Tls;

/// <summary>Constants of the RustyOnions TLS profile (specs/tls.md).</summary>
public static class RonTls
{
    /// <summary>The ALPN protocol id both sides negotiate for OAP/1.</summary>
    public const string AlpnProtocol = "oap/1";

    /// <summary>
    /// OID of the identity extension. A UUID-derived OID (ITU-T X.667, arc 2.25) so it cannot collide
    /// with anyone else's extension without a registered enterprise number.
    /// </summary>
    public const string IdentityExtensionOid = "2.25.288484223909305731441913676692642779765";

    /// <summary>Domain-separation prefix of the identity key's signature over the certificate's SPKI.</summary>
    public const string SignaturePrefix = "ron-tls-v1:";
}
