using RustyOnions.Node.Mailbox;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Node.Hosting;

/// <summary>
/// The node's persistent stores, opened in the background after the listeners are up so that
/// /readyz can say "not ready" while a large store is scanned. Until then requests get 503.
/// </summary>
public sealed class NodeStores : IAsyncDisposable
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IContentStore? _content;
    private IMailboxStore? _mailbox;
    private RustyOnions.Index.Store.IIndexStore? _index;

    /// <summary>Why the node is not ready, or null when it is.</summary>
    public string? NotReadyReason { get; private set; } = "store_not_open";

    /// <summary>True once every store is open.</summary>
    public bool IsOpen => _opened.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the stores are open.</summary>
    public Task Opened => _opened.Task;

    /// <summary>The content store; throws 503 while not open.</summary>
    public IContentStore Content => _content ?? throw NotOpen();

    /// <summary>The mailbox store; throws 503 while not open.</summary>
    public IMailboxStore Mailbox => _mailbox ?? throw NotOpen();

    /// <summary>The index store; throws 503 while not open.</summary>
    public RustyOnions.Index.Store.IIndexStore Index => _index ?? throw NotOpen();

    /// <summary>Sets the opened index store (before <see cref="SetOpen"/>).</summary>
    public void SetIndex(RustyOnions.Index.Store.IIndexStore index) => _index = index;

    /// <summary>Publishes the opened stores.</summary>
    public void SetOpen(IContentStore content, IMailboxStore mailbox)
    {
        _content = content;
        _mailbox = mailbox;
        NotReadyReason = null;
        _opened.TrySetResult();
    }

    /// <summary>Records that opening failed.</summary>
    public void SetFailed(Exception e)
    {
        NotReadyReason = "store_open_failed: " + e.Message;
        _opened.TrySetException(e);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_index is not null)
        {
            await _index.DisposeAsync().ConfigureAwait(false);
        }

        if (_mailbox is not null)
        {
            await _mailbox.DisposeAsync().ConfigureAwait(false);
        }

        if (_content is IAsyncDisposable a)
        {
            await a.DisposeAsync().ConfigureAwait(false);
        }
        else if (_content is IDisposable d)
        {
            d.Dispose();
        }
    }

    private static Oap.OapServiceException NotOpen() =>
        new(Proto.Oap.OapStatus.Unavailable, Proto.Errors.OapErrorCode.Unavailable, "node is starting: its store is not open yet", retryable: true, retryAfterMs: 200);
}
