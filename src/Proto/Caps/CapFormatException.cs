namespace RustyOnions.Proto.Caps;

/// <summary>A capability token (or one of its parts) is not in the format of specs/caps.md.</summary>
public sealed class CapFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CapFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CapFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a cause.</summary>
    public CapFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
