using System.Collections.Frozen;

namespace RustyOnions.Node.Legal;

/// <summary>
/// A list file of one id per line (revocations: cap ids; denylist: content addresses), with
/// <c>#</c> comments and blank lines ignored. Entries are normalised by the caller's function,
/// which throws <see cref="FormatException"/> naming a bad line.
/// </summary>
public static class IdList
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="normalise"/> returns the canonical form of an entry.</summary>
    public static FrozenSet<string> Parse(string text, Func<string, string> normalise)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(normalise);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                set.Add(normalise(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {n}: {e.Message}", e);
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
