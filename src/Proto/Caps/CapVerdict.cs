namespace RustyOnions.Proto.Caps;

/// <summary>The outcome of checking a capability: the token when accepted, else the failure and a message.</summary>
public readonly record struct CapVerdict(CapFailure Failure, CapToken? Token, string Message)
{
    /// <summary>True when accepted.</summary>
    public bool Ok => Failure == CapFailure.None;

    /// <summary>An accepted token.</summary>
    public static CapVerdict Accept(CapToken token) => new(CapFailure.None, token, "ok");

    /// <summary>A refusal.</summary>
    public static CapVerdict Refuse(CapFailure failure, string message) => new(failure, null, message);
}
