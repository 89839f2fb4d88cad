namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// One line of a control reply: <c>Status</c>, separator (<c>'-'</c> mid, <c>'+'</c> data, <c>' '</c> end)
/// and text; a data line carries the dot-unstuffed data block that followed it.
/// </summary>
public sealed record TorControlReplyLine(int Status, char Separator, string Text, string? Data);
