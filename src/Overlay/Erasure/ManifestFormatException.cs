namespace RustyOnions.Overlay.Erasure;

/// <summary>Manifest bytes that do not decode (bad magic, version, lengths, sums or trailer).</summary>
public sealed class ManifestFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ManifestFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ManifestFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
