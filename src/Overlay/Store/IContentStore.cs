using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// A local store of immutable, content-addressed objects whose every read is verified.
/// Implemented on disk by <see cref="ContentStore"/> and in memory (amnesia mode) by
/// <see cref="MemoryContentStore"/>.
/// </summary>
public interface IContentStore
{
    /// <summary>Number of objects stored.</summary>
    long ObjectCount { get; }

    /// <summary>Sum of the sizes of all stored objects.</summary>
    long TotalBytes { get; }

    /// <summary>Corruptions detected by reads since the store was opened.</summary>
    long Corruptions { get; }

    /// <summary>Raised (synchronously, on the reading thread) each time a read detects a corruption.</summary>
    event EventHandler<CorruptObjectException>? CorruptionDetected;

    /// <summary>
    /// Starts a PUT. Bytes are hashed as they arrive; nothing is visible before
    /// <see cref="ContentWriter.CommitAsync"/>, and disposing the writer without committing stores nothing.
    /// </summary>
    /// <param name="expected">Address the bytes must hash to, or null to accept any.</param>
    /// <param name="declaredSize">Exact size announced by the client, or null when unknown.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ObjectTooLargeException"><paramref name="declaredSize"/> exceeds the limit.</exception>
    ValueTask<ContentWriter> BeginWriteAsync(ContentId? expected, long? declaredSize, CancellationToken ct);

    /// <summary>Size of a stored object, or null when absent.</summary>
    ValueTask<ObjectInfo?> StatAsync(ContentId id, CancellationToken ct);

    /// <summary>True when the object is stored.</summary>
    bool Contains(ContentId id);

    /// <summary>
    /// Opens a verified reader over <paramref name="length"/> bytes (null = to the end) from
    /// <paramref name="offset"/>, or returns null when the object is absent.
    /// </summary>
    /// <exception cref="RangeNotSatisfiableException">The range is not inside the object.</exception>
    /// <exception cref="CorruptObjectException">The object is already known to be corrupt.</exception>
    ValueTask<ContentReader?> OpenReadAsync(ContentId id, long offset, long? length, CancellationToken ct);

    /// <summary>Deletes an object; false when it was not stored.</summary>
    ValueTask<bool> DeleteAsync(ContentId id, CancellationToken ct);

    /// <summary>Every stored address, in no particular order.</summary>
    IAsyncEnumerable<ContentId> ListAsync(CancellationToken ct);
}
