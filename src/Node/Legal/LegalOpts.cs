namespace RustyOnions.Node.Legal;

/// <summary>Legal banner and content denylist settings (src/Node/Legal).</summary>
public sealed record LegalOpts
{
    /// <summary>The banner shown in HELLO, at the admin root and at the gateways' roots.</summary>
    public LegalBanner Banner { get; init; } = new();

    /// <summary>The denylist file (one b3 address per line), hot-reloaded; null = nothing blocked.</summary>
    public string? DenylistFile { get; init; }

    /// <summary>How often the denylist and revocation files are polled for changes (watcher fallback).</summary>
    public TimeSpan ReloadPoll { get; init; } = TimeSpan.FromMilliseconds(250);
}
