using System.Text;

namespace RustyOnions.Index.Records;

/// <summary>
/// Syntax and size rules for names and media types (see specs/index.md, "Names"). A name is
/// <c>&lt;namespace&gt;/&lt;path&gt;</c>; the path has 1..<see cref="MaxPathSegments"/> segments.
/// </summary>
public static class NameRules
{
    /// <summary>Longest name, in UTF-8 bytes, namespace included.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Most path segments after the namespace.</summary>
    public const int MaxPathSegments = 32;

    /// <summary>Longest media type, in bytes (ASCII).</summary>
    public const int MaxMediaTypeBytes = 255;

    /// <summary>Largest value of seq, size and created_ms: 2^53-1, exact in every JSON implementation.</summary>
    public const long MaxInteger = (1L << 53) - 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws <see cref="IndexException"/> (InvalidName or TooLarge) unless <paramref name="name"/> is valid.</summary>
    public static void ValidateName(string? name)
    {
        if (TryValidateName(name, out var error))
        {
            return;
        }

        throw error;
    }

    /// <summary>Checks a name; on failure returns the exception that says why, without throwing it.</summary>
    public static bool TryValidateName(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IndexException? error)
    {
        error = null;
        if (string.IsNullOrEmpty(name))
        {
            error = new IndexException(IndexErrorCode.InvalidName, "name is empty");
            return false;
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            error = new IndexException(IndexErrorCode.InvalidName, "name is not valid Unicode (lone surrogate)");
            return false;
        }

        if (byteCount > MaxNameBytes)
        {
            error = new IndexException(IndexErrorCode.TooLarge, $"name is {byteCount} bytes of UTF-8; the limit is {MaxNameBytes}");
            return false;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? name.AsSpan() : name.AsSpan(0, slash);
        if (!IndexNamespace.IsWellFormed(ns))
        {
            error = new IndexException(
                IndexErrorCode.InvalidName,
                $"name must start with a namespace of {IndexNamespace.Length} lowercase base32 characters [a-z2-7] followed by '/'");
            return false;
        }

        if (slash < 0)
        {
            error = new IndexException(IndexErrorCode.InvalidName, "name has a namespace but no path");
            return false;
        }

        var path = name.AsSpan(slash + 1);
        var segment = 0;
        foreach (var range in path.Split('/'))
        {
            segment++;
            if (segment > MaxPathSegments)
            {
                var total = path.Count('/') + 1;
                error = new IndexException(IndexErrorCode.InvalidName, $"path has {total} segments; the limit is {MaxPathSegments}");
                return false;
            }

            var why = SegmentProblem(path[range]);
            if (why is not null)
            {
                error = new IndexException(IndexErrorCode.InvalidName, $"path segment {segment} {why}");
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="IndexException"/> (Malformed or TooLarge) unless the media type is valid.</summary>
    public static void ValidateMediaType(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            throw new IndexException(IndexErrorCode.Malformed, "media_type is empty");
        }

        if (mediaType.Length > MaxMediaTypeBytes)
        {
            throw new IndexException(IndexErrorCode.TooLarge, $"media_type is {mediaType.Length} characters; the limit is {MaxMediaTypeBytes}");
        }

        foreach (var c in mediaType)
        {
            if (c is < ' ' or > '~')
            {
                throw new IndexException(IndexErrorCode.Malformed, $"media_type may hold only printable ASCII; found U+{(int)c:X4}");
            }
        }

        // type "/" subtype, each an RFC 9110 token; parameters after ';' are kept verbatim.
        var semi = mediaType.IndexOf(';', StringComparison.Ordinal);
        var essence = semi < 0 ? mediaType.AsSpan() : mediaType.AsSpan(0, semi);
        var slash = essence.IndexOf('/');
        if (slash <= 0 || slash == essence.Length - 1 || !IsToken(essence[..slash]) || !IsToken(essence[(slash + 1)..]))
        {
            throw new IndexException(IndexErrorCode.Malformed, $"media_type '{mediaType}' is not of the form type/subtype");
        }
    }

    /// <summary>Throws Malformed unless 0 &lt;= <paramref name="value"/> &lt;= <see cref="MaxInteger"/>.</summary>
    public static void ValidateInteger(string field, long value)
    {
        if (value is < 0 or > MaxInteger)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"{field} is {value}; it must be between 0 and 2^53-1");
        }
    }

    private static string? SegmentProblem(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return "is empty (leading, trailing or doubled '/')";
        }

        if (segment is "." or "..")
        {
            return $"is '{segment}', which is not allowed";
        }

        foreach (var c in segment)
        {
            if (char.IsControl(c))
            {
                return $"holds control character U+{(int)c:X4}";
            }
        }

        return null;
    }

    private static bool IsToken(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
