namespace RustyOnions.Sdk.Errors;

/// <summary>Bytes received did not hash to the requested content address; they must be discarded.</summary>
public sealed class RonIntegrityException : RonException
{
    /// <summary>Creates the exception.</summary>
    public RonIntegrityException(string expected, string actual, ulong corrId)
        : base(0, "INTEGRITY", $"received bytes hash to {actual}, not the requested {expected}", corrId, true, null)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception.</summary>
    public RonIntegrityException()
        : this(string.Empty, string.Empty, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RonIntegrityException(string message)
        : base(message)
    {
        Expected = Actual = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public RonIntegrityException(string message, Exception inner)
        : base(message, inner)
    {
        Expected = Actual = string.Empty;
    }

    /// <summary>The requested address.</summary>
    public string Expected { get; }

    /// <summary>The address of what arrived.</summary>
    public string Actual { get; }
}
