namespace RustyOnions.Overlay.Erasure;

/// <summary>Fewer than k verified shards of a segment could be found: the segment cannot be read (or repaired) now.</summary>
public sealed class ErasureUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErasureUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasureUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasureUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
