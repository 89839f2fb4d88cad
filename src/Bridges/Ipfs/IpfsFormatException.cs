namespace RustyOnions.Bridges.Ipfs;

/// <summary>Malformed input: a CID, multibase string, varint, multihash, dag-pb/UnixFS block or CAR that does not
/// follow its specification (or uses a code this implementation does not support).</summary>
public sealed class IpfsFormatException : IpfsException
{
    /// <summary>Creates the exception with a message naming what was wrong and where.</summary>
    public IpfsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public IpfsFormatException(string message, Exception inner) : base(message, inner) { }
}
