namespace RustyOnions.Transport.Tor.Control;

/// <summary>An asynchronous event (a 650 reply), e.g. HS_DESC or STATUS_CLIENT.</summary>
/// <param name="Keyword">The event name, e.g. "HS_DESC".</param>
/// <param name="Text">The first line after the keyword, e.g. "UPLOADED abc... UNKNOWN $FP...".</param>
/// <param name="Reply">The whole reply, for multi-line events.</param>
public sealed record TorControlEvent(string Keyword, string Text, TorControlReply Reply)
{
    internal static TorControlEvent From(TorControlReply reply)
    {
        var first = reply.Lines[0].Text;
        var sp = first.IndexOf(' ', StringComparison.Ordinal);
        return sp < 0
            ? new TorControlEvent(first, string.Empty, reply)
            : new TorControlEvent(first[..sp], first[(sp + 1)..], reply);
    }
}
