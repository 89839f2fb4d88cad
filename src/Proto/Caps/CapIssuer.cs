using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace RustyOnions.Proto.Caps;

/// <summary>Signs capabilities with an Ed25519 key (the node operator's identity key or a trusted issuer's).</summary>
public sealed class CapIssuer
{
    private readonly byte[] _seed;

    /// <summary>Creates the issuer from a 32-byte RFC 8032 seed.</summary>
    public CapIssuer(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SecretKeySize)
        {
            throw new ArgumentException($"an Ed25519 seed is {Ed25519.SecretKeySize} bytes, got {seed.Length}", nameof(seed));
        }

        _seed = seed.ToArray();
        PublicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(_seed, 0, PublicKey, 0);
    }

    /// <summary>The issuer's public key (what nodes list in RON_CAP_ISSUERS).</summary>
    public byte[] PublicKey { get; }

    /// <summary>Issues a token; <paramref name="id"/> defaults to 16 random bytes. Ops are sorted and de-duplicated.</summary>
    public CapToken Issue(UInt128 tenant, IEnumerable<CapOp> ops, DateTimeOffset issuedAt, DateTimeOffset expiresAt, CapCaveats? caveats = null, byte[]? id = null)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var sorted = ops.Distinct().Order().ToArray();
        if (sorted.Length is 0 or > CapToken.MaxOps)
        {
            throw new CapFormatException($"a capability grants 1..{CapToken.MaxOps} operations, got {sorted.Length}");
        }

        foreach (var op in sorted)
        {
            CapOp.ValidateOp(op.Op);
        }

        // Whole seconds on the wire: truncate so the token round-trips equal.
        issuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAt.ToUnixTimeSeconds());
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
        if (expiresAt <= issuedAt)
        {
            throw new CapFormatException("a capability must expire after it is issued (ttl of at least one second)");
        }

        id ??= RandomNumberGenerator.GetBytes(CapToken.IdLength);
        caveats ??= CapCaveats.None;
        var body = CapToken.EncodeBody(id, tenant, issuedAt, expiresAt, sorted, caveats, PublicKey);
        var message = new byte[CapToken.SigningPrefix.Length + body.Length];
        CapToken.SigningPrefix.CopyTo(message);
        body.CopyTo(message, CapToken.SigningPrefix.Length);
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, message, 0, message.Length, signature, 0);
        return new CapToken
        {
            Id = id,
            Tenant = tenant,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            Ops = sorted,
            Caveats = caveats,
            Issuer = PublicKey,
            Signature = signature,
        };
    }
}
