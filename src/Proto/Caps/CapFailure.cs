namespace RustyOnions.Proto.Caps;

/// <summary>Why a capability was refused; each has a status and an envelope <c>reason</c> (specs/caps.md).</summary>
public enum CapFailure
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>401 <c>missing</c>: auth is required and the START frame has no cap.</summary>
    Missing,

    /// <summary>401 <c>malformed</c>: the cap is not a token of specs/caps.md.</summary>
    Malformed,

    /// <summary>401 <c>unknown_issuer</c>: signed by a key the node does not trust.</summary>
    UnknownIssuer,

    /// <summary>401 <c>bad_signature</c>: the signature does not verify.</summary>
    BadSignature,

    /// <summary>401 <c>expired</c>: past its expiry.</summary>
    Expired,

    /// <summary>401 <c>not_yet_valid</c>: issued in the future (beyond the clock-skew allowance).</summary>
    NotYetValid,

    /// <summary>401 <c>revoked</c>: its id is on the node's revocation list.</summary>
    Revoked,

    /// <summary>403 <c>tenant_mismatch</c>: the frame's tenant_id is not the cap's tenant.</summary>
    TenantMismatch,

    /// <summary>403 <c>op_not_granted</c>: the cap does not grant this app and op.</summary>
    OpNotGranted,
}
