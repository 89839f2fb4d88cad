using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RustyOnions.Bridges.S3.Http;

/// <summary>S3's evaluation of If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since and If-Range (RFC 9110 order).</summary>
public static class S3Conditions
{
    /// <summary>
    /// Returns 0 to serve, 304 or 412. If-Match overrides If-Unmodified-Since, If-None-Match overrides If-Modified-Since;
    /// 304 only for GET/HEAD.
    /// </summary>
    public static int Evaluate(IHeaderDictionary headers, string etag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var ifMatch = headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, etag))
            {
                return 412;
            }
        }
        else if (TryDate(headers.IfUnmodifiedSince.ToString(), out var ius) && Seconds(lastModified) > ius)
        {
            return 412;
        }

        var ifNone = headers.IfNoneMatch.ToString();
        if (ifNone.Length > 0)
        {
            if (Matches(ifNone, etag))
            {
                return 304;
            }
        }
        else if (TryDate(headers.IfModifiedSince.ToString(), out var ims) && Seconds(lastModified) <= ims)
        {
            return 304;
        }

        return 0;
    }

    /// <summary>True when a Range should be honoured given If-Range (absent, matching ETag, or an exact-or-later date).</summary>
    public static bool RangeApplies(IHeaderDictionary headers, string etag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var ifRange = headers.IfRange.ToString().Trim();
        if (ifRange.Length == 0)
        {
            return true;
        }

        if (ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal))
        {
            return Matches(ifRange, etag);
        }

        return TryDate(ifRange, out var d) ? Seconds(lastModified) <= d : Matches(ifRange, etag);
    }

    /// <summary>Whether an If-Match/If-None-Match list (or *) contains <paramref name="etag"/>; quotes and W/ are ignored.</summary>
    public static bool Matches(string list, string etag)
    {
        ArgumentNullException.ThrowIfNull(list);
        var bare = Bare(etag);
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "*" || Bare(item) == bare)
            {
                return true;
            }
        }

        return false;
    }

    private static string Bare(string tag)
    {
        var t = tag.Trim();
        if (t.StartsWith("W/", StringComparison.Ordinal))
        {
            t = t[2..];
        }

        return t.Trim('"');
    }

    private static DateTimeOffset Seconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private static bool TryDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
}
