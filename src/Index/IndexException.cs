namespace RustyOnions.Index;

/// <summary>A typed index failure: <see cref="Code"/> says what went wrong, the message says precisely where.</summary>
public sealed class IndexException : Exception
{
    /// <summary>Creates an exception with a code and a precise message.</summary>
    public IndexException(IndexErrorCode code, string message)
        : base(message) => Code = code;

    /// <summary>Creates an exception wrapping a lower-level cause.</summary>
    public IndexException(IndexErrorCode code, string message, Exception inner)
        : base(message, inner) => Code = code;

    /// <summary>Required by the analyzers' exception pattern; prefer the coded constructors.</summary>
    public IndexException()
        : this(IndexErrorCode.Malformed, "index error")
    {
    }

    /// <summary>Required by the analyzers' exception pattern; prefer the coded constructors.</summary>
    public IndexException(string message)
        : this(IndexErrorCode.Malformed, message)
    {
    }

    /// <summary>Required by the analyzers' exception pattern; prefer the coded constructors.</summary>
    public IndexException(string message, Exception inner)
        : this(IndexErrorCode.Malformed, message, inner)
    {
    }

    /// <summary>What went wrong.</summary>
    public IndexErrorCode Code { get; }

    /// <summary>The error-envelope code (<c>specs/errors.md</c> style), e.g. <c>BAD_SIGNATURE</c>.</summary>
    public string WireCode => ToWireCode(Code);

    /// <summary>The HTTP-like status an OAP/1 response carries for this error.</summary>
    public int Status => ToStatus(Code);

    /// <summary>The error-envelope code of <paramref name="code"/>.</summary>
    public static string ToWireCode(IndexErrorCode code) => code switch
    {
        IndexErrorCode.BadSignature => "BAD_SIGNATURE",
        IndexErrorCode.StaleSeq => "STALE_SEQ",
        IndexErrorCode.WrongNamespace => "WRONG_NAMESPACE",
        IndexErrorCode.InvalidName => "INVALID_NAME",
        IndexErrorCode.TooLarge => "TOO_LARGE",
        IndexErrorCode.Conflict => "CONFLICT",
        IndexErrorCode.Malformed => "MALFORMED",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown index error code"),
    };

    /// <summary>The HTTP-like status of <paramref name="code"/>.</summary>
    public static int ToStatus(IndexErrorCode code) => code switch
    {
        IndexErrorCode.BadSignature or IndexErrorCode.WrongNamespace => 403,
        IndexErrorCode.StaleSeq or IndexErrorCode.Conflict => 409,
        IndexErrorCode.TooLarge => 413,
        IndexErrorCode.InvalidName or IndexErrorCode.Malformed => 400,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown index error code"),
    };
}
