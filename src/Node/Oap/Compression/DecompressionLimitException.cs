namespace RustyOnions.Node.Oap.Compression;

/// <summary>A COMP payload would decompress past a limit; <see cref="Reason"/> is "decompressed_size" or "ratio".</summary>
public sealed class DecompressionLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DecompressionLimitException(string reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    public DecompressionLimitException()
        : this("decompressed_size", "decompressed payload over the limit")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DecompressionLimitException(string message)
        : this("decompressed_size", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DecompressionLimitException(string message, Exception inner)
        : base(message, inner) => Reason = "decompressed_size";

    /// <summary>"decompressed_size" or "ratio".</summary>
    public string Reason { get; }
}
