namespace RustyOnions.Proto.Caps;

/// <summary>The wire mapping of <see cref="CapFailure"/>: status code and envelope reason.</summary>
public static class CapFailures
{
    /// <summary>The envelope <c>reason</c> string.</summary>
    public static string Reason(this CapFailure failure) => failure switch
    {
        CapFailure.Missing => "missing",
        CapFailure.Malformed => "malformed",
        CapFailure.UnknownIssuer => "unknown_issuer",
        CapFailure.BadSignature => "bad_signature",
        CapFailure.Expired => "expired",
        CapFailure.NotYetValid => "not_yet_valid",
        CapFailure.Revoked => "revoked",
        CapFailure.TenantMismatch => "tenant_mismatch",
        CapFailure.OpNotGranted => "op_not_granted",
        _ => "none",
    };

    /// <summary>True for 403 FORBIDDEN (valid credentials that do not allow this), false for 401 UNAUTHENTICATED.</summary>
    public static bool IsForbidden(this CapFailure failure) => failure is CapFailure.TenantMismatch or CapFailure.OpNotGranted;
}
