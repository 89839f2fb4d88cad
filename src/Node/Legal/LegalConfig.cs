using RustyOnions.Node.Config;

namespace RustyOnions.Node.Legal;

/// <summary>Config keys of the banner and denylist, merged into <see cref="NodeConfigLoader.EnvNames"/>.</summary>
internal static class LegalConfig
{
    public static IEnumerable<KeyValuePair<string, string>> EnvNames() =>
    [
        new("banner_operator", "RON_BANNER_OPERATOR"),
        new("banner_jurisdiction", "RON_BANNER_JURISDICTION"),
        new("banner_abuse_contact", "RON_BANNER_ABUSE_CONTACT"),
        new("banner_terms", "RON_BANNER_TERMS"),
        new("denylist_file", "RON_DENYLIST"),
    ];

    public static NodeOpts Apply(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        var banner = new LegalBanner(
            v.GetValueOrDefault("banner_operator"),
            v.GetValueOrDefault("banner_jurisdiction"),
            v.GetValueOrDefault("banner_abuse_contact"),
            v.GetValueOrDefault("banner_terms"));
        foreach (var (k, text) in banner.ToDictionary())
        {
            if (text.Length > 4096)
            {
                problems.Add($"banner_{k} is {text.Length} characters; keep each banner field under 4096 (HELLO must stay small)");
            }
        }

        var deny = v.GetValueOrDefault("denylist_file");
        if (deny is { Length: > 0 } && Directory.Exists(deny))
        {
            problems.Add($"denylist_file (RON_DENYLIST) '{deny}' is a directory; give the path of a file with one b3:<hex> per line");
        }

        return o with { Legal = new LegalOpts { Banner = banner, DenylistFile = deny is { Length: > 0 } ? deny : null } };
    }
}
