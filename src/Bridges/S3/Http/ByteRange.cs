using System.Globalization;

namespace RustyOnions.Bridges.S3.Http;

/// <summary>The outcome of evaluating a Range header against an object's length, as S3 does.</summary>
/// <param name="Kind">Whole object, one satisfiable range, or unsatisfiable.</param>
/// <param name="Start">First byte (inclusive) for <see cref="RangeKind.Partial"/>.</param>
/// <param name="End">Last byte (inclusive) for <see cref="RangeKind.Partial"/>.</param>
public readonly record struct ByteRange(RangeKind Kind, long Start, long End)
{
    /// <summary>The number of bytes served.</summary>
    public long Length => End - Start + 1;

    /// <summary>
    /// Evaluates <paramref name="header"/>: absent, malformed or multi-range headers serve the whole object;
    /// <c>bytes=a-b</c>, <c>bytes=a-</c> and <c>bytes=-n</c> are clamped to the object; a first byte past the end
    /// or a zero suffix is unsatisfiable (416).
    /// </summary>
    public static ByteRange Evaluate(string? header, long length)
    {
        var whole = new ByteRange(RangeKind.Whole, 0, length - 1);
        if (string.IsNullOrWhiteSpace(header))
        {
            return whole;
        }

        var h = header.Trim();
        if (!h.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return whole;
        }

        var spec = h[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return whole;
        }

        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!TryNumber(last, out var suffix))
            {
                return whole;
            }

            return suffix == 0 || length == 0
                ? new ByteRange(RangeKind.Unsatisfiable, 0, 0)
                : new ByteRange(RangeKind.Partial, Math.Max(0, length - suffix), length - 1);
        }

        if (!TryNumber(first, out var start))
        {
            return whole;
        }

        long end;
        if (last.Length == 0)
        {
            end = length - 1;
        }
        else if (!TryNumber(last, out end) || end < start)
        {
            return whole;
        }

        return start >= length
            ? new ByteRange(RangeKind.Unsatisfiable, 0, 0)
            : new ByteRange(RangeKind.Partial, start, Math.Min(end, length - 1));
    }

    private static bool TryNumber(string s, out long n) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);
}
