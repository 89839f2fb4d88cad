namespace RustyOnions.Node.Overlay.Erasure;

/// <summary>Where services find the erasure layer once the overlay exists.</summary>
public sealed class ErasureHolder
{
    /// <summary>The erasure layer, or null before start.</summary>
    public ErasureRuntime? Runtime { get; internal set; }

    /// <summary>The erasure layer once its stores are open, or 503 while the node is starting.</summary>
    internal ErasureRuntime Required => Runtime is { IsOpen: true } r ? r : throw new Oap.OapServiceException(Proto.Oap.OapStatus.Unavailable, Proto.Errors.OapErrorCode.Unavailable, "erasure layer is starting", retryable: true, retryAfterMs: 200);
}
