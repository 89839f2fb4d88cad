using System.Buffers;
using RustyOnions.Node.Auth;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>Capability and denylist checks of the read loop (src/Node/Auth), before admission and before the service.</summary>
public sealed partial class OapConnectionHandler
{
    private readonly AccessGate? _access;

    /// <summary>The START frame's cap check: null when the request may go on.</summary>
    internal OapServiceException? Authenticate(OapHeader header, in ReadOnlySequence<byte> cap, out CapToken? token)
    {
        token = null;
        return _access?.Authenticate(header, cap, out token);
    }

    /// <summary>The op and denylist check on the decoded head: null when the service may run.</summary>
    internal OapServiceException? Authorize(OapHeader header, CapToken? token, BodyChunk head) =>
        _access?.Authorize(header, token, head.Memory.Span);
}
