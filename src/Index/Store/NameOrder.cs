using System.Text;

namespace RustyOnions.Index.Store;

/// <summary>
/// Name ordering shared by every store: Unicode code point order, which is the byte order of the
/// UTF-8 encoding (SQLite's BINARY collation, S3's key order). .NET's ordinal order differs for
/// characters above U+FFFF, hence the fix-up.
/// </summary>
internal sealed class NameOrder : IComparer<string>
{
    public static readonly NameOrder Instance = new();

    public static int CompareStrings(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var n = Math.Min(x.Length, y.Length);
        var i = x.AsSpan(0, n).CommonPrefixLength(y.AsSpan(0, n));
        if (i == n)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Fix(x[i]).CompareTo(Fix(y[i]));
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>,
    /// or null when there is none (empty prefix, or only U+10FFFF).
    /// </summary>
    public static string? Successor(string prefix)
    {
        var end = prefix.Length;
        while (end > 0)
        {
            var isPair = end >= 2 && char.IsLowSurrogate(prefix[end - 1]) && char.IsHighSurrogate(prefix[end - 2]);
            var start = isPair ? end - 2 : end - 1;
            var value = isPair ? char.ConvertToUtf32(prefix[start], prefix[start + 1]) : prefix[start];
            if (value < 0x10FFFF)
            {
                var next = value + 1;
                if (next is >= 0xD800 and <= 0xDFFF)
                {
                    next = 0xE000;
                }

                return string.Concat(prefix.AsSpan(0, start), new Rune(next).ToString());
            }

            end = start;
        }

        return null;
    }

    public int Compare(string? x, string? y) => CompareStrings(x, y);

    // Surrogates (U+D800..DFFF, encoding > U+FFFF) must sort after U+E000..FFFF.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
