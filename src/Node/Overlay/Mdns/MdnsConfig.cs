namespace RustyOnions.Node.Overlay.Mdns;

/// <summary>Parses the <c>mdns</c> setting (RON_MDNS).</summary>
internal static class MdnsConfig
{
    /// <summary>"on"/"off" (also true/false, 1/0); anything else is a problem and leaves mDNS off.</summary>
    public static bool Parse(string value, List<string> problems)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "on" or "true" or "1" or "yes":
                return true;
            case "off" or "false" or "0" or "no" or "":
                return false;
            default:
                problems.Add($"mdns (RON_MDNS) '{value}' is not on or off");
                return false;
        }
    }
}
