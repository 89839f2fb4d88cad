namespace RustyOnions.Erasure;

/// <summary>
/// A stripe cannot be decoded as asked: too few shards are present to rebuild the rest. Shape
/// errors in the arguments (wrong counts, unequal lengths) are <see cref="ArgumentException"/>s.
/// </summary>
public sealed class ErasureException : Exception
{
    /// <summary>Creates the exception with a message that names the counts involved.</summary>
    public ErasureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ErasureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ErasureException()
        : base("the stripe cannot be decoded")
    {
    }
}
