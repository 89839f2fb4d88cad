using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Certificates;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>
/// The client's certificate decision for one dial. SslStream only reports "validation failed", so the precise
/// reason is kept here and turned into a <see cref="TlsDialException"/> by the dialer.
/// </summary>
internal sealed class ServerCertificateVerifier(NodeAddress address)
{
    internal (TlsDialError Error, string Message)? Failure { get; private set; }

    internal PeerId? RemotePeer { get; private set; }

    internal bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Failure = (TlsDialError.HandshakeFailed, $"server {TlsDialer.HostPort(address)} presented no certificate");
            return false;
        }

        var cert = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var check = NodeCertificate.Check(cert, DateTimeOffset.UtcNow, out var peer, out var error);
        if (address.PeerId is { } pin)
        {
            // Pinned: the identity extension is the whole proof; chain and name errors are expected and ignored.
            if (check != IdentityCheck.Valid)
            {
                var kind = check == IdentityCheck.Missing ? TlsDialError.MissingIdentityExtension : TlsDialError.InvalidIdentityExtension;
                Failure = (kind, $"server {TlsDialer.HostPort(address)}: {error}");
                return false;
            }

            if (peer != pin)
            {
                Failure = (TlsDialError.PeerIdMismatch, $"peer presented PeerId {peer} but address pins {pin}");
                return false;
            }

            RemotePeer = peer;
            return true;
        }

        if (errors != SslPolicyErrors.None)
        {
            Failure = (TlsDialError.UntrustedCertificate, $"certificate of {TlsDialer.HostPort(address)} ({cert.Subject}) is not trusted: {Describe(errors, chain)}");
            return false;
        }

        RemotePeer = check == IdentityCheck.Valid ? peer : null;
        return true;
    }

    private static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            parts.Add("host name does not match the certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus is { Length: > 0 } s ? string.Join("; ", s.Select(x => x.StatusInformation.Trim())) : "chain errors";
            parts.Add("chain: " + status);
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            parts.Add("no certificate");
        }

        return string.Join(", ", parts);
    }
}
