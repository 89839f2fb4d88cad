using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>Outcome of a committed PUT.</summary>
/// <param name="Addr">Content address of the stored bytes.</param>
/// <param name="Size">Object size in bytes.</param>
/// <param name="AlreadyExisted">True when the object was already stored (the PUT was a no-op).</param>
public readonly record struct PutResult(ContentId Addr, long Size, bool AlreadyExisted);
