using System.Buffers;
using RustyOnions.Node.Legal;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Auth;

/// <summary>
/// What may run before a service sees a request: the capability check (specs/caps.md) and the
/// legal denylist. OAP/1 asks <see cref="Authenticate"/> at START before admission (an unauthenticated
/// client spends no quota) and <see cref="Authorize"/> once the head is decoded; the HTTP gateways ask
/// <see cref="CheckBearer"/>.
/// </summary>
public sealed class AccessGate : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CapCaveatGuard _caveats = new();

    /// <summary>Creates the gate; <paramref name="operatorKey"/> (the node identity key) is always a trusted issuer.</summary>
    public AccessGate(AuthOpts auth, LegalOpts legal, ReadOnlySpan<byte> operatorKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(legal);
        _time = time;
        Required = auth.Required;
        Verifier = new CapVerifier([operatorKey.ToArray(), .. auth.Issuers]);
        Revocations = new RevocationList(auth.RevocationsFile, legal.ReloadPoll);
        Denylist = new Denylist(legal.DenylistFile, legal.ReloadPoll);
        Banner = legal.Banner;
    }

    /// <summary>True when requests need a capability.</summary>
    public bool Required { get; }

    /// <summary>The verifier (operator key plus configured issuers).</summary>
    public CapVerifier Verifier { get; }

    /// <summary>The revocation list.</summary>
    public RevocationList Revocations { get; }

    /// <summary>The content denylist.</summary>
    public Denylist Denylist { get; }

    /// <summary>The legal banner.</summary>
    public LegalBanner Banner { get; }

    /// <summary>HELLO negotiates before any credential, and the overlay peer range (0x0100-0x01FF) is node-to-node.</summary>
    public static bool IsExempt(ushort appId) => appId == OapAppId.Hello || appId is >= 0x0100 and <= 0x01FF;

    /// <summary>Checks the START frame's cap; null when the request may go on (<paramref name="token"/> set when auth is required).</summary>
    internal OapServiceException? Authenticate(OapHeader header, in ReadOnlySequence<byte> cap, out CapToken? token)
    {
        token = null;
        if (!Required || IsExempt(header.AppProtoId))
        {
            return null;
        }

        var verdict = cap.IsSingleSegment
            ? Verifier.Authenticate(cap.FirstSpan, _time.GetUtcNow(), Revocations.IsRevoked)
            : Verifier.Authenticate(cap.ToArray(), _time.GetUtcNow(), Revocations.IsRevoked);
        token = verdict.Token;
        return verdict.Ok ? null : Refusal(verdict);
    }

    /// <summary>Checks tenant and op against the token, then the denylist for storage reads; null when the service may run.</summary>
    internal OapServiceException? Authorize(OapHeader header, CapToken? token, ReadOnlySpan<byte> head)
    {
        var app = header.AppProtoId;
        var needsOp = token is not null;
        var needsDeny = app == OapAppId.Storage && Denylist.Count > 0;
        if (!needsOp && !needsDeny)
        {
            return null;
        }

        var peek = RequestPeek.Read(head);
        if (token is not null)
        {
            var verdict = CapVerifier.Authorize(token, header.TenantId, app, peek.Op);
            if (!verdict.Ok)
            {
                return Refusal(verdict);
            }

            if (token.Caveats != CapCaveats.None && _caveats.Check(token, app, peek) is { } overCaveat)
            {
                return overCaveat;
            }
        }

        return needsDeny && peek.Op is "get" or "stat" && Denylist.IsDenied(peek.Addr) ? Unavailable(peek.Addr!) : null;
    }

    /// <summary>
    /// Checks an HTTP <c>Authorization: Bearer &lt;cap&gt;</c> header for <paramref name="appId"/>/<paramref name="op"/>.
    /// The HTTP gateways carry no tenant, so the cap's own tenant is taken; returns accept when auth is off.
    /// </summary>
    public CapVerdict CheckBearer(string? authorization, ushort appId, string op)
    {
        if (!Required)
        {
            return new CapVerdict(CapFailure.None, null, "auth off");
        }

        var text = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : string.Empty;
        var verdict = Verifier.Authenticate(System.Text.Encoding.ASCII.GetBytes(text), _time.GetUtcNow(), Revocations.IsRevoked);
        if (verdict.Failure == CapFailure.Missing)
        {
            return CapVerdict.Refuse(CapFailure.Missing, "authentication required: send Authorization: Bearer <capability>");
        }

        return verdict.Ok ? CapVerifier.Authorize(verdict.Token!, verdict.Token!.Tenant, appId, op) : verdict;
    }

    /// <summary>The 451 for a blocked address.</summary>
    public OapServiceException Unavailable(string addr) =>
        new(OapStatus.UnavailableForLegalReasons, OapErrorCode.UnavailableForLegalReasons, $"{addr} is unavailable on this node for legal reasons{Contact()}") { Reason = "denylist" };

    /// <summary>The 401/403 for a refused capability.</summary>
    public static OapServiceException Refusal(CapVerdict verdict) => verdict.Failure.IsForbidden()
        ? new(OapStatus.Forbidden, OapErrorCode.Forbidden, verdict.Message) { Reason = verdict.Failure.Reason() }
        : new(OapStatus.Unauthenticated, OapErrorCode.Unauthenticated, verdict.Message) { Reason = verdict.Failure.Reason() };

    /// <inheritdoc />
    public void Dispose()
    {
        Revocations.Dispose();
        Denylist.Dispose();
    }

    private string Contact() => Banner.AbuseContact is { Length: > 0 } c ? "; contact " + c : string.Empty;
}
