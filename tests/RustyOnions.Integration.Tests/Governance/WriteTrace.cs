using System.Text.RegularExpressions;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>
/// Reads an <c>strace -f</c> log and lists the successful calls that created, opened for writing,
/// renamed or linked a path outside the allowed prefixes. Calls split by another thread
/// (<c>&lt;unfinished ...&gt;</c> / <c>&lt;... resumed&gt;</c>) are joined per pid.
/// </summary>
internal static partial class WriteTrace
{
    public static IReadOnlyList<string> Offending(string traceFile, IReadOnlyList<string> allowedPrefixes)
    {
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        var offending = new List<string>();
        foreach (var raw in File.ReadLines(traceFile))
        {
            var m = Pid().Match(raw);
            if (!m.Success)
            {
                continue;
            }

            var pid = m.Groups[1].Value;
            var line = raw[m.Length..];
            if (line.EndsWith("<unfinished ...>", StringComparison.Ordinal))
            {
                pending[pid] = line[..^"<unfinished ...>".Length];
                continue;
            }

            if (Resumed().Match(line) is { Success: true } r)
            {
                line = (pending.Remove(pid, out var head) ? head : r.Groups[1].Value + "(") + line[r.Length..];
            }

            if (Check(line, allowedPrefixes) is { } bad)
            {
                offending.Add(bad);
            }
        }

        // A call still unfinished at the end never returned: count it if it would write.
        foreach (var head in pending.Values)
        {
            if (Check(head + ") = ?", allowedPrefixes) is { } bad)
            {
                offending.Add(bad);
            }
        }

        return offending;
    }

    private static string? Check(string line, IReadOnlyList<string> allowed)
    {
        var call = Call().Match(line);
        if (!call.Success || line.Contains(") = -1 ", StringComparison.Ordinal))
        {
            return null;
        }

        var name = call.Groups[1].Value;
        var writes = name switch
        {
            "openat" or "open" => line.Contains("O_WRONLY", StringComparison.Ordinal) || line.Contains("O_RDWR", StringComparison.Ordinal) || line.Contains("O_CREAT", StringComparison.Ordinal) || line.Contains("O_TRUNC", StringComparison.Ordinal),
            _ => true, // creat, mkdir, rename, link, symlink, mknod, truncate: all change the file system
        };
        if (!writes)
        {
            return null;
        }

        foreach (Match p in QuotedPath().Matches(line))
        {
            var path = p.Groups[1].Value;
            if (!allowed.Any(a => path.StartsWith(a, StringComparison.Ordinal)))
            {
                return line;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(\d+)\s+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"^<\.\.\. (\w+) resumed>")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(\w+)\(")]
    private static partial Regex Call();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedPath();
}
