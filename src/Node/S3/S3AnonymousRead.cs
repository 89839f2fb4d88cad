using RustyOnions.Bridges.S3;
using RustyOnions.Node.Config;

namespace RustyOnions.Node.S3;

/// <summary>The <c>s3_anonymous_read</c> setting (RON_S3_ANONYMOUS_READ): buckets anyone may GET, HEAD and list unsigned.</summary>
internal static class S3AnonymousRead
{
    /// <summary>Splits "bucket1,bucket2" (spaces trimmed, empty entries ignored).</summary>
    public static IReadOnlySet<string> Parse(string? text) =>
        new HashSet<string>(
            (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.Ordinal);

    /// <summary>Validates every bucket name and stores the setting, or adds one problem per bad name.</summary>
    public static NodeOpts Apply(NodeOpts o, string text, List<string> problems)
    {
        var bad = Parse(text).Where(b => !S3Names.IsValidBucket(b)).ToList();
        foreach (var b in bad)
        {
            problems.Add($"s3_anonymous_read (RON_S3_ANONYMOUS_READ): '{b}' is not a valid bucket name (3-63 of a-z 0-9 . -); list buckets as bucket1,bucket2");
        }

        return bad.Count == 0 ? o with { S3AnonymousRead = text } : o;
    }
}
