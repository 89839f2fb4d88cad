using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RustyOnions.Bridges.S3.Auth;

/// <summary>AWS Signature Version 4 building blocks (canonical request, string to sign, signing key), S3 flavour.</summary>
public static class SigV4
{
    /// <summary>The algorithm name in Authorization headers and presigned URLs.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The X-Amz-Date format.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>SHA-256 of the empty string, in hex.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// RFC 3986 percent-encoding as SigV4 specifies: unreserved characters stay, everything else is %XX (upper hex) of UTF-8;
    /// '/' stays only when <paramref name="keepSlash"/> (object paths).
    /// </summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
                continue;
            }

            var len = char.IsHighSurrogate(c) && i + 1 < value.Length
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..len])
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>The canonical URI of a raw (still percent-encoded) request path: decoded once, then encoded once (S3 does not normalise).</summary>
    public static string CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : UriEncode(Uri.UnescapeDataString(rawPath), keepSlash: true);

    /// <summary>Parses a raw query string (without '?') into decoded name/value pairs, in order.</summary>
    public static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return list;
        }

        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            list.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return list;
    }

    /// <summary>The canonical query string: every pair encoded, sorted by name then value, <c>X-Amz-Signature</c> left out.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Where(kv => !string.Equals(kv.Key, "X-Amz-Signature", StringComparison.Ordinal))
            .Select(kv => (Name: UriEncode(kv.Key, false), Value: UriEncode(kv.Value, false)))
            .OrderBy(kv => kv.Name, StringComparer.Ordinal)
            .ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => kv.Name + "=" + kv.Value));

    /// <summary>A header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed to one.</summary>
    public static string CanonicalHeaderValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Builds the canonical request.</summary>
    /// <param name="method">HTTP method, upper case.</param>
    /// <param name="canonicalUri">From <see cref="CanonicalUri"/>.</param>
    /// <param name="canonicalQuery">From <see cref="CanonicalQuery"/>.</param>
    /// <param name="headers">Signed headers (lower-case names, sorted) and their canonical values.</param>
    /// <param name="payloadHash">Hex SHA-256 of the body, or UNSIGNED-PAYLOAD / STREAMING-* markers.</param>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, IReadOnlyList<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append('\n').Append(string.Join(';', headers.Select(h => h.Key))).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>The string to sign for a canonical request.</summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>Derives the signing key: HMAC chain over date, region, service and "aws4_request".</summary>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(k, "aws4_request"u8);
    }

    /// <summary>Hex HMAC-SHA256 of <paramref name="text"/> under <paramref name="key"/>.</summary>
    public static string Sign(byte[] key, string text) => Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Lower-case hex.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Constant-time comparison of two hex signatures.</summary>
    public static bool SignatureEquals(string a, string b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
