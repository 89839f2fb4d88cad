namespace RustyOnions.Bridges.Ipfs.Interop;

/// <summary>The other IPFS implementation answered an error or an unexpected body.</summary>
public sealed class IpfsPeerException : IpfsException
{
    /// <summary>Creates the exception.</summary>
    public IpfsPeerException(string message)
        : base(message)
    {
    }
}
