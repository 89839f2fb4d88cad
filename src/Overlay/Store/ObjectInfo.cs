using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>Metadata of a stored object.</summary>
/// <param name="Addr">Content address.</param>
/// <param name="Size">Size in bytes.</param>
public readonly record struct ObjectInfo(ContentId Addr, long Size);
