namespace RustyOnions.Transport.Tor.Control;

/// <summary>A complete reply (or asynchronous event) from tor: one or more lines, the last an end line.</summary>
public sealed class TorControlReply
{
    /// <summary>Creates a reply from its lines; the last must be the end line.</summary>
    public TorControlReply(IReadOnlyList<TorControlReplyLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new ArgumentException("a reply has at least one line", nameof(lines));
        }

        Lines = lines;
    }

    /// <summary>All lines in order.</summary>
    public IReadOnlyList<TorControlReplyLine> Lines { get; }

    /// <summary>The status of the end line (tor uses one status for all lines of a reply).</summary>
    public int Status => Lines[^1].Status;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>True for 650 (asynchronous event).</summary>
    public bool IsEvent => Status == 650;

    /// <summary>Text of the end line, e.g. "OK" or an error message.</summary>
    public string Text => Lines[^1].Text;

    /// <summary>Throws <see cref="TorControlException"/> unless the reply is 2xx.</summary>
    public TorControlReply EnsureSuccess(string command)
    {
        if (!IsSuccess)
        {
            // Tor's text already says what was wrong; name the command so the caller sees which.
            throw new TorControlException(Status, $"tor refused {command}: {Status} {Text}");
        }

        return this;
    }
}
