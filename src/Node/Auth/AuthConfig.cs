using RustyOnions.Node.Config;

namespace RustyOnions.Node.Auth;

/// <summary>Config keys of capability auth, merged into <see cref="NodeConfigLoader.EnvNames"/>.</summary>
internal static class AuthConfig
{
    public static IEnumerable<KeyValuePair<string, string>> EnvNames() =>
    [
        new("auth", "RON_AUTH"),
        new("cap_issuers", "RON_CAP_ISSUERS"),
        new("revocations_file", "RON_REVOCATIONS"),
    ];

    public static NodeOpts Apply(NodeOpts o, Dictionary<string, string> v, List<string> problems)
    {
        var auth = o.Auth;
        if (v.TryGetValue("auth", out var mode))
        {
            switch (mode.Trim().ToLowerInvariant())
            {
                case "required":
                    auth = auth with { Required = true };
                    break;
                case "off" or "":
                    auth = auth with { Required = false };
                    break;
                default:
                    problems.Add($"auth (RON_AUTH) must be 'required' or 'off', got '{mode}'");
                    break;
            }
        }

        if (v.TryGetValue("cap_issuers", out var issuers))
        {
            var keys = new List<byte[]>();
            foreach (var item in issuers.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var hex = item.Trim('"');
                if (hex.Length == 64 && hex.All(char.IsAsciiHexDigit))
                {
                    keys.Add(Convert.FromHexString(hex));
                }
                else
                {
                    problems.Add($"cap_issuers (RON_CAP_ISSUERS) entry '{hex}' must be an Ed25519 public key as 64 hex digits (see `ron cap inspect`, field issuer)");
                }
            }

            auth = auth with { Issuers = keys };
        }

        if (v.TryGetValue("revocations_file", out var rev) && rev.Length > 0)
        {
            if (Directory.Exists(rev))
            {
                problems.Add($"revocations_file (RON_REVOCATIONS) '{rev}' is a directory; give the path of a file with one cap id per line");
            }

            auth = auth with { RevocationsFile = rev };
        }

        return o with { Auth = auth };
    }
}
