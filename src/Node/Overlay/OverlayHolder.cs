namespace RustyOnions.Node.Overlay;

/// <summary>Where services find the overlay once it exists (it needs the bound listener address).</summary>
public sealed class OverlayHolder
{
    /// <summary>The overlay, or null before start.</summary>
    public OverlayRuntime? Runtime { get; internal set; }

    /// <summary>The overlay, or 503 while it is starting.</summary>
    internal OverlayRuntime Required => Runtime ?? throw new Oap.OapServiceException(Proto.Oap.OapStatus.Unavailable, Proto.Errors.OapErrorCode.Unavailable, "overlay is starting", retryable: true, retryAfterMs: 200);
}
