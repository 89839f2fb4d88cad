namespace RustyOnions.Proto.Oap;

/// <summary>OAP/1 status codes carried in the <c>code</c> field (HTTP-like; 0 = OK).</summary>
public static class OapStatus
{
    /// <summary>Success.</summary>
    public const ushort Ok = 0;

    /// <summary>Malformed request.</summary>
    public const ushort BadRequest = 400;

    /// <summary>Missing or invalid credentials.</summary>
    public const ushort Unauthenticated = 401;

    /// <summary>Not allowed.</summary>
    public const ushort Forbidden = 403;

    /// <summary>Unknown object, message, app or name.</summary>
    public const ushort NotFound = 404;

    /// <summary>The request took too long.</summary>
    public const ushort Timeout = 408;

    /// <summary>Conflicts with the current state.</summary>
    public const ushort Conflict = 409;

    /// <summary>Over a size limit.</summary>
    public const ushort TooLarge = 413;

    /// <summary>The operator blocks this content on this node (denylist).</summary>
    public const ushort UnavailableForLegalReasons = 451;

    /// <summary>Over the tenant's quota.</summary>
    public const ushort OverQuota = 429;

    /// <summary>Unexpected server failure.</summary>
    public const ushort Internal = 500;

    /// <summary>Overloaded or not ready.</summary>
    public const ushort Unavailable = 503;

    /// <summary>The tenant's storage cap would be exceeded.</summary>
    public const ushort InsufficientStorage = 507;
}
