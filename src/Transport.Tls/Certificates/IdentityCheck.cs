namespace RustyOnions.Transport.Tls.Certificates;

/// <summary>Outcome class of an identity-extension check, so dialers can report precise error kinds.</summary>
internal enum IdentityCheck
{
    Valid,
    Missing,
    Invalid,
}
