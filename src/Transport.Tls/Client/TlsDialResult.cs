using System.Net;
using System.Net.Security;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Client;

/// <summary>An authenticated client TLS stream with what the dial learned.</summary>
internal sealed record TlsDialResult(SslStream Stream, PeerId? RemotePeer, EndPoint? LocalEndPoint, EndPoint? RemoteEndPoint);
