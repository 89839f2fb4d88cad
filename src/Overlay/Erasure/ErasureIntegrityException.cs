using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Erasure;

/// <summary>Verified shards decoded into bytes that do not hash to the object's address (a forged or wrong manifest).</summary>
public sealed class ErasureIntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErasureIntegrityException(ContentId expected, ContentId actual)
        : base($"erasure-coded object {expected} decoded to bytes hashing to {actual}; its manifest is wrong")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception.</summary>
    public ErasureIntegrityException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasureIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasureIntegrityException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The address asked for.</summary>
    public ContentId Expected { get; }

    /// <summary>What the bytes hash to.</summary>
    public ContentId Actual { get; }
}
