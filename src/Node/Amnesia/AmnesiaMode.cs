using RustyOnions.Node.Config;
using RustyOnions.Node.Mailbox;
using RustyOnions.Overlay.Store;
using RustyOnions.Transport.Tls.Identity;

namespace RustyOnions.Node.Amnesia;

/// <summary>
/// Amnesia mode (<c>--amnesia</c>, RON_AMNESIA=1): the node never touches its data dir (not even to
/// create it): an ephemeral identity and TLS certificate, memory-only content store, mailbox,
/// index, CID map, S3 metadata, accounting and onion key. Content buffers are zeroed when the stores
/// are disposed at shutdown. Logs go to stdout/stderr only (the default).
/// </summary>
public static class AmnesiaMode
{
    /// <summary>The node's identity: ephemeral in amnesia, else loaded from (or created in) the data dir, which is created with the tiles root.</summary>
    public static NodeIdentity PrepareIdentity(NodeOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        if (opts.Amnesia)
        {
            return NodeIdentity.CreateEphemeral();
        }

        Directory.CreateDirectory(opts.DataDir);
        Directory.CreateDirectory(opts.EffectiveTilesRoot);
        return NodeIdentity.LoadOrCreate(opts.DataDir);
    }

    /// <summary>The tiles root storage GET {"path"} serves: none in amnesia unless <c>tiles_root</c> names an existing directory.</summary>
    public static FileRoot? Tiles(NodeOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        if (!opts.Amnesia)
        {
            return new FileRoot(opts.EffectiveTilesRoot);
        }

        return opts.TilesRoot is { } root && Directory.Exists(root) ? new FileRoot(root) : null;
    }

    /// <summary>Memory-only content store and mailbox.</summary>
    public static (IContentStore Content, IMailboxStore Mailbox) OpenStores(NodeOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        var maxObject = Math.Min(opts.MaxObjectBytes, Array.MaxLength);
        return (new MemoryContentStore(maxObject), new MemoryMailboxStore(new MailboxOpts { IdempotencyRetention = opts.MailboxIdempotencyRetention }, TimeProvider.System));
    }
}
