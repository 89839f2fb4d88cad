namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// An HS_DESC event: <c>650 HS_DESC Action HSAddress AuthType HsDir [DescriptorID] [KEY=VALUE...]</c>,
/// e.g. Action "UPLOADED" once per HSDir that accepted our descriptor.
/// </summary>
public sealed record TorControlHsDescEvent(string Action, string Address, string AuthType, string HsDir, string? Reason)
{
    /// <summary>Parses an event if it is HS_DESC; returns null otherwise.</summary>
    public static TorControlHsDescEvent? TryParse(TorControlEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Keyword != "HS_DESC")
        {
            return null;
        }

        var words = evt.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4)
        {
            return null;
        }

        var kv = TorControlSyntax.ParseKeyValues(evt.Text);
        return new TorControlHsDescEvent(words[0], words[1], words[2], words[3], kv.GetValueOrDefault("REASON"));
    }
}
