using RustyOnions.Index.Records;

namespace RustyOnions.Bridges.S3;

/// <summary>The bucket/key ⇄ index name mapping: bucket B, key K ⇄ <c>&lt;gateway-ns&gt;/s3/B/K</c>.</summary>
public static class S3Names
{
    /// <summary>The index path of a bucket's objects (without namespace), ending with '/'.</summary>
    public static string BucketPath(string bucket) => "s3/" + bucket + "/";

    /// <summary>The full index-name prefix of a bucket.</summary>
    public static string BucketPrefix(string ns, string bucket) => ns + "/" + BucketPath(bucket);

    /// <summary>True for S3's DNS-compatible bucket names: 3-63 of [a-z0-9.-], starting and ending alphanumeric, no "..".</summary>
    public static bool IsValidBucket(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>Maps a key to its index name, or throws 400 when the index cannot hold it (empty, '.' or '..' segments, over 1024 bytes).</summary>
    public static string ObjectName(string ns, string bucket, string key)
    {
        var name = BucketPrefix(ns, bucket) + key;
        if (key.Length == 0)
        {
            throw S3Exception.InvalidArgument("The object key must not be empty");
        }

        if (!NameRules.TryValidateName(name, out var error))
        {
            throw error.Code == Index.IndexErrorCode.TooLarge
                ? new S3Exception(400, "KeyTooLongError", "Your key is too long: " + error.Message)
                : S3Exception.InvalidArgument($"The key '{key}' cannot be stored as an index name: {error.Message}");
        }

        return name;
    }
}
