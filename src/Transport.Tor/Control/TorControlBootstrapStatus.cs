namespace RustyOnions.Transport.Tor.Control;

/// <summary>Parsed <c>status/bootstrap-phase</c>, e.g. PROGRESS=100 TAG=done SUMMARY="Done".</summary>
public sealed record TorControlBootstrapStatus(int Progress, string Tag, string Summary)
{
    /// <summary>True when tor reports 100 %.</summary>
    public bool IsDone => Progress >= 100;

    /// <summary>Parses the GETINFO value, e.g. <c>NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"</c>.</summary>
    public static TorControlBootstrapStatus Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var kv = TorControlSyntax.ParseKeyValues(value);
        if (!kv.TryGetValue("PROGRESS", out var p) || !int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var progress))
        {
            throw new FormatException($"bootstrap status without PROGRESS: '{value}'");
        }

        return new TorControlBootstrapStatus(progress, kv.GetValueOrDefault("TAG") ?? string.Empty, kv.GetValueOrDefault("SUMMARY") ?? string.Empty);
    }
}
