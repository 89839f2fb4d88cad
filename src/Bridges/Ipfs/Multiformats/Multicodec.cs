namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>The content multicodecs (IPLD codecs) a CID may name here.</summary>
public enum Multicodec : ulong
{
    /// <summary>raw (0x55): the block is opaque bytes (UnixFS raw leaves).</summary>
    Raw = 0x55,
    /// <summary>dag-pb (0x70): a protobuf PBNode (UnixFS inner nodes, CIDv0).</summary>
    DagPb = 0x70,
}
