using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Mapping;

/// <summary>One IPFS root CID and the overlay object whose bytes are that UnixFS file.</summary>
/// <param name="Cid">The root CID in binary form (CIDv1: version, codec, multihash). The index does not parse CIDs;
/// the IPFS bridge owns their meaning.</param>
/// <param name="Addr">The overlay object's BLAKE3 address.</param>
/// <param name="Size">The object's size in bytes (the UnixFS file size).</param>
public sealed record CidMapEntry(ReadOnlyMemory<byte> Cid, ContentId Addr, long Size);
