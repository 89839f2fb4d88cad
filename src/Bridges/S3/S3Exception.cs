namespace RustyOnions.Bridges.S3;

/// <summary>An S3 error answered as S3's XML error document (Code, Message, Resource, RequestId).</summary>
public sealed class S3Exception : Exception
{
    /// <summary>Creates an error with S3's <paramref name="code"/>, an HTTP status and a non-empty message.</summary>
    public S3Exception(int status, string code, string message)
        : base(string.IsNullOrEmpty(message) ? code : message)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>S3's error code, e.g. <c>NoSuchKey</c>.</summary>
    public string Code { get; }

    /// <summary>Extra response headers (e.g. Content-Range on 416).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    internal static S3Exception NoSuchBucket(string bucket) => new(404, "NoSuchBucket", $"The specified bucket does not exist: {bucket}");

    internal static S3Exception NoSuchKey(string key) => new(404, "NoSuchKey", $"The specified key does not exist: {key}");

    internal static S3Exception AccessDenied(string why) => new(403, "AccessDenied", why);

    internal static S3Exception InvalidArgument(string why) => new(400, "InvalidArgument", why);

    internal static S3Exception NotImplemented(string what) => new(501, "NotImplemented", $"A header or operation you provided implies functionality that is not implemented: {what}");
}
