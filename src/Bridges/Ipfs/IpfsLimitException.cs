namespace RustyOnions.Bridges.Ipfs;

/// <summary>Well-formed input that exceeds a safety bound: block size, link count (fan-out), DAG depth,
/// a cycle in the DAG, or a file size beyond what the caller allowed.</summary>
public sealed class IpfsLimitException : IpfsException
{
    /// <summary>Creates the exception with a message naming the limit and the offending value.</summary>
    public IpfsLimitException(string message) : base(message) { }
}
