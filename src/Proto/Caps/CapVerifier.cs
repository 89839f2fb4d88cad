using System.Collections.Concurrent;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace RustyOnions.Proto.Caps;

/// <summary>
/// Checks capabilities against a fixed set of trusted issuer keys (the node operator's key plus
/// RON_CAP_ISSUERS). <see cref="Authenticate"/> checks format, issuer, signature, validity window and
/// revocation; <see cref="Authorize"/> checks tenant and operation. Thread-safe. Tokens whose signature
/// verified are cached by their exact text, so a client sending the same cap on every START pays for
/// Ed25519 once; expiry and revocation are still checked on every call.
/// </summary>
public sealed class CapVerifier
{
    /// <summary>How far in the future issued_at may be (issuer clock ahead of ours).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int CacheCapacity = 4096;
    private readonly Dictionary<string, Ed25519.PublicPoint> _issuers;
    private readonly ConcurrentDictionary<string, CapToken> _verified = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier trusting <paramref name="issuers"/> (32-byte Ed25519 public keys).</summary>
    public CapVerifier(IEnumerable<byte[]> issuers)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        _issuers = new(StringComparer.Ordinal);
        foreach (var key in issuers)
        {
            if (key.Length != CapToken.KeyLength)
            {
                throw new ArgumentException($"an issuer key is {CapToken.KeyLength} bytes, got {key.Length}", nameof(issuers));
            }

            var point = Ed25519.ValidatePublicKeyFullExport(key, 0)
                ?? throw new ArgumentException($"issuer key {Convert.ToHexStringLower(key)} is not a valid Ed25519 public key", nameof(issuers));
            _issuers[Convert.ToHexStringLower(key)] = point;
        }
    }

    /// <summary>How many issuers are trusted.</summary>
    public int IssuerCount => _issuers.Count;

    /// <summary>
    /// Checks everything about the token itself. <paramref name="field"/> is the START frame's cap
    /// (text or binary form); <paramref name="isRevoked"/> is asked with the token's hex id.
    /// </summary>
    public CapVerdict Authenticate(ReadOnlySpan<byte> field, DateTimeOffset now, Func<string, bool>? isRevoked = null)
    {
        if (field.IsEmpty)
        {
            return CapVerdict.Refuse(CapFailure.Missing, "authentication required: send a capability in the START frame's cap field (RON_CAP)");
        }

        var key = field.Length <= CapToken.MaxEncodedSize * 2 ? Encoding.Latin1.GetString(field) : null;
        if (key is null || !_verified.TryGetValue(key, out var token))
        {
            CapToken decoded;
            try
            {
                decoded = CapToken.FromField(field);
            }
            catch (CapFormatException e)
            {
                return CapVerdict.Refuse(CapFailure.Malformed, "capability is malformed: " + e.Message);
            }

            var refused = CheckSignature(decoded);
            if (refused is { } r)
            {
                return r;
            }

            token = decoded;
            if (key is not null)
            {
                if (_verified.Count >= CacheCapacity)
                {
                    _verified.Clear(); // crude bound; a churned cache only costs re-verification
                }

                _verified[key] = token;
            }
        }

        if (now >= token.ExpiresAt)
        {
            return CapVerdict.Refuse(CapFailure.Expired, $"capability {token.IdHex} expired at {token.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}");
        }

        if (token.IssuedAt - ClockSkew > now)
        {
            return CapVerdict.Refuse(CapFailure.NotYetValid, $"capability {token.IdHex} is issued at {token.IssuedAt:yyyy-MM-ddTHH:mm:ssZ}, in the future");
        }

        if (isRevoked is not null && isRevoked(token.IdHex))
        {
            return CapVerdict.Refuse(CapFailure.Revoked, $"capability {token.IdHex} has been revoked");
        }

        return CapVerdict.Accept(token);
    }

    /// <summary>Checks that an authenticated token allows <paramref name="tenant"/> to run <paramref name="op"/> of <paramref name="appId"/>.</summary>
    public static CapVerdict Authorize(CapToken token, UInt128 tenant, ushort appId, string op)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Tenant != tenant)
        {
            return CapVerdict.Refuse(CapFailure.TenantMismatch, $"capability {token.IdHex} is for tenant {token.Tenant}, not {tenant}");
        }

        return token.Grants(appId, op)
            ? CapVerdict.Accept(token)
            : CapVerdict.Refuse(CapFailure.OpNotGranted, $"capability {token.IdHex} does not grant {new CapOp(appId, op.Length == 0 ? CapOp.Any : op)}");
    }

    /// <summary><see cref="Authenticate"/> then <see cref="Authorize"/>.</summary>
    public CapVerdict Verify(ReadOnlySpan<byte> field, UInt128 tenant, ushort appId, string op, DateTimeOffset now, Func<string, bool>? isRevoked = null)
    {
        var verdict = Authenticate(field, now, isRevoked);
        return verdict.Ok ? Authorize(verdict.Token!, tenant, appId, op) : verdict;
    }

    private CapVerdict? CheckSignature(CapToken token)
    {
        if (!_issuers.TryGetValue(token.IssuerHex, out var point))
        {
            return CapVerdict.Refuse(CapFailure.UnknownIssuer, $"capability {token.IdHex} is signed by {token.IssuerHex}, an issuer this node does not trust");
        }

        var body = CapToken.EncodeBody(token.Id, token.Tenant, token.IssuedAt, token.ExpiresAt, token.Ops, token.Caveats, token.Issuer);
        var message = new byte[CapToken.SigningPrefix.Length + body.Length];
        CapToken.SigningPrefix.CopyTo(message);
        body.CopyTo(message, CapToken.SigningPrefix.Length);
        return Ed25519.Verify(token.Signature, 0, point, message, 0, message.Length)
            ? null
            : CapVerdict.Refuse(CapFailure.BadSignature, $"capability {token.IdHex}: signature does not verify");
    }
}
