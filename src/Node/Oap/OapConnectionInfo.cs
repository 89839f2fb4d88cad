namespace RustyOnions.Node.Oap;

/// <summary>What a service may know of the connection a request came on.</summary>
public sealed class OapConnectionInfo
{
    internal OapConnectionInfo(string connectionId, OapFrameSender sender, string? remotePeer)
    {
        ConnectionId = connectionId;
        Sender = sender;
        RemotePeer = remotePeer;
    }

    /// <summary>Kestrel's connection id (for logs).</summary>
    public string ConnectionId { get; }

    /// <summary>The authenticated PeerId of the remote side, when it presented a node certificate.</summary>
    public string? RemotePeer { get; }

    /// <summary>The frame sender (HELLO lowers its max_frame).</summary>
    internal OapFrameSender Sender { get; }

    /// <summary>Ends the read loop after the replies already queued (set by the handler).</summary>
    internal Action? CloseAction { get; init; }

    /// <summary>True once <see cref="Close"/> was called.</summary>
    internal bool CloseRequested { get; private set; }

    /// <summary>Closes this connection gracefully: the read loop stops, queued replies are flushed.</summary>
    internal void Close()
    {
        CloseRequested = true;
        CloseAction?.Invoke();
    }

    /// <summary>The frame limit for frames this node accepts on this connection.</summary>
    public int InboundMaxFrame { get; internal set; }
}
