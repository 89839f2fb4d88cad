using System.Globalization;
using RustyOnions.Node.Config;

namespace RustyOnions.Node.Policy;

/// <summary>
/// File keys and <c>RON_*</c> variables of the policy, accounting and amnesia settings, and how
/// they apply to <see cref="NodeOpts"/>.
/// </summary>
public static class PolicyConfig
{
    /// <summary>File key → environment variable, merged into <see cref="NodeConfigLoader.EnvNames"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvNames()
    {
        yield return new("policy_file", "RON_POLICY");
        yield return new("policy_poll_ms", "RON_POLICY_POLL_MS");
        yield return new("accounting_flush_ms", "RON_ACCOUNTING_FLUSH_MS");
        yield return new("amnesia", "RON_AMNESIA");
    }

    /// <summary>Applies the keys present in <paramref name="v"/>.</summary>
    internal static NodeOpts Apply(NodeOpts o, IReadOnlyDictionary<string, string> v, List<string> problems)
    {
        if (v.TryGetValue("policy_file", out var file) && file.Length > 0)
        {
            o = o with { PolicyFile = Path.GetFullPath(file) };
        }

        if (Ms(v, "policy_poll_ms", "RON_POLICY_POLL_MS", problems) is { } poll)
        {
            o = o with { PolicyPoll = poll };
        }

        if (Ms(v, "accounting_flush_ms", "RON_ACCOUNTING_FLUSH_MS", problems) is { } flush)
        {
            o = o with { Accounting = o.Accounting with { FlushInterval = flush } };
        }

        if (v.TryGetValue("amnesia", out var a))
        {
            switch (a.ToLowerInvariant())
            {
                case "1" or "true" or "yes" or "on":
                    o = o with { Amnesia = true };
                    break;
                case "0" or "false" or "no" or "off" or "":
                    o = o with { Amnesia = false };
                    break;
                default:
                    problems.Add($"amnesia (RON_AMNESIA) must be 1/true or 0/false, got '{a}'");
                    break;
            }
        }

        return o;
    }

    private static TimeSpan? Ms(IReadOnlyDictionary<string, string> v, string key, string env, List<string> problems)
    {
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is >= 10 and <= 3_600_000)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        problems.Add($"{key} ({env}) must be milliseconds in 10..3600000, got '{text}'");
        return null;
    }
}
