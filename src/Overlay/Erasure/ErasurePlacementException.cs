namespace RustyOnions.Overlay.Erasure;

/// <summary>A shard could not be stored on any peer (the erasure PUT fails; nothing refers to the shards placed so far).</summary>
public sealed class ErasurePlacementException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErasurePlacementException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasurePlacementException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ErasurePlacementException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
