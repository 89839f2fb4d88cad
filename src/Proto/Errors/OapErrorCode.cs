namespace RustyOnions.Proto.Errors;

/// <summary>The <c>code</c> strings of the error envelope (specs/errors.md).</summary>
public static class OapErrorCode
{
    /// <summary>400: malformed frame, JSON, op or argument.</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>401: no or invalid credentials.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>403: credentials do not allow this.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>404: unknown object, message, name or app id.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>408: the request did not complete in time.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>409: conflicts with what is stored (e.g. declared address does not match the bytes).</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>413: over a size or ratio limit.</summary>
    public const string TooLarge = "TOO_LARGE";

    /// <summary>429: over the tenant's quota.</summary>
    public const string OverQuota = "OVER_QUOTA";

    /// <summary>451: the node's operator blocks this content on this node (denylist).</summary>
    public const string UnavailableForLegalReasons = "UNAVAILABLE_FOR_LEGAL_REASONS";

    /// <summary>500: unexpected failure.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>500: a stored object failed its integrity check; no bytes of it were served past the last verified block.</summary>
    public const string Corrupt = "CORRUPT";

    /// <summary>503: the in-flight gate is full.</summary>
    public const string Overload = "OVERLOAD";

    /// <summary>503: the node is not ready (store closed, shutting down).</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>507: the tenant's storage cap (policy storage_cap_bytes) would be exceeded.</summary>
    public const string InsufficientStorage = "INSUFFICIENT_STORAGE";
}
