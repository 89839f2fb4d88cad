namespace RustyOnions.Bridges.Ipfs;

/// <summary>A block whose bytes do not hash to the digest in its CID, or a DAG whose sizes contradict its blocks.
/// Never returned as data: a verification failure always aborts the read.</summary>
public sealed class IpfsVerificationException : IpfsException
{
    /// <summary>Creates the exception with a message naming the CID and what did not match.</summary>
    public IpfsVerificationException(string message) : base(message) { }
}
