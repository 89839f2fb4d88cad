namespace RustyOnions.Bridges.Ipfs;

/// <summary>Base of every error raised by the IPFS data-model layer (CIDs, dag-pb, UnixFS, CAR).</summary>
/// <remarks>A gateway maps <see cref="IpfsFormatException"/> and <see cref="IpfsLimitException"/> from client
/// input to 400, and <see cref="IpfsVerificationException"/> from a block source to a 502-like failure.</remarks>
public abstract class IpfsException : Exception
{
    /// <summary>Creates the exception with a precise message.</summary>
    protected IpfsException(string message) : base(message) { }

    /// <summary>Creates the exception with a precise message and its cause.</summary>
    protected IpfsException(string message, Exception inner) : base(message, inner) { }
}
