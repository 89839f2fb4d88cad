using System.Xml.Linq;
using RustyOnions.Bridges.S3.Http;
using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Store;

namespace RustyOnions.Bridges.S3;

/// <summary>Bucket operations and listings.</summary>
public sealed partial class S3Gateway
{
    private static S3Exception Anonymous() => S3Exception.AccessDenied("Anonymous access is forbidden for this operation; sign the request with an access key");

    private static async Task WriteXmlAsync(S3Call c, XElement root, int status = 200)
    {
        var body = S3Xml.Serialize(root);
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/xml";
        c.Response.ContentLength = body.Length;
        await c.Response.Body.WriteAsync(body, c.Ct).ConfigureAwait(false);
    }

    private async Task<S3BucketInfo> BucketAsync(S3Call c, bool write)
    {
        var bucket = await _backing.Metadata.GetBucketAsync(c.Bucket!, c.Ct).ConfigureAwait(false) ?? throw S3Exception.NoSuchBucket(c.Bucket!);
        if (!write && c.Auth.Key is null && _options.AnonymousReadBuckets.Contains(bucket.Name))
        {
            return bucket;
        }

        if (c.Auth.Key is null)
        {
            throw Anonymous();
        }

        if (bucket.Tenant != c.Tenant)
        {
            throw S3Exception.AccessDenied($"Access Denied: bucket {bucket.Name} belongs to another tenant");
        }

        return bucket;
    }

    private async Task ListBucketsAsync(S3Call c)
    {
        if (c.Auth.Key is null)
        {
            throw Anonymous();
        }

        var buckets = (await _backing.Metadata.ListBucketsAsync(c.Ct).ConfigureAwait(false)).Where(b => b.Tenant == c.Tenant);
        await WriteXmlAsync(c, S3Xml.E(
            "ListAllMyBucketsResult",
            S3Xml.E("Owner", S3Xml.E("ID", c.Tenant), S3Xml.E("DisplayName", c.Tenant)),
            S3Xml.E("Buckets", buckets.Select(b => S3Xml.E("Bucket", S3Xml.E("Name", b.Name), S3Xml.E("CreationDate", S3Xml.Time(b.Created))))))).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(S3Call c)
    {
        if (c.Auth.Key is null)
        {
            throw Anonymous();
        }

        if (!S3Names.IsValidBucket(c.Bucket!))
        {
            throw new S3Exception(400, "InvalidBucketName", $"The specified bucket is not valid: '{c.Bucket}' (3-63 of a-z 0-9 . -)");
        }

        var info = new S3BucketInfo(c.Bucket!, c.Tenant!, _clock.GetUtcNow());
        if (!await _backing.Metadata.CreateBucketAsync(info, c.Ct).ConfigureAwait(false))
        {
            var existing = await _backing.Metadata.GetBucketAsync(c.Bucket!, c.Ct).ConfigureAwait(false);
            if (existing?.Tenant != c.Tenant)
            {
                throw new S3Exception(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system.");
            }
        }

        c.Response.Headers.Location = "/" + c.Bucket;
        c.Response.ContentLength = 0;
    }

    private async Task HeadBucketAsync(S3Call c)
    {
        await BucketAsync(c, write: false).ConfigureAwait(false);
        c.Response.Headers["x-amz-bucket-region"] = _options.Region;
        c.Response.ContentLength = 0;
    }

    private async Task DeleteBucketAsync(S3Call c)
    {
        var b = await BucketAsync(c, write: true).ConfigureAwait(false);
        var ns = _backing.Publisher.Namespace;
        var page = await VisibleAsync(new ListRequest { Prefix = S3Names.BucketPrefix(ns, b.Name), Limit = 1000 }, c.Ct).ConfigureAwait(false);
        if (page.Records.Count > 0)
        {
            throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
        }

        await _backing.Metadata.DeleteBucketAsync(b.Name, c.Ct).ConfigureAwait(false);
        c.Response.StatusCode = 204;
    }

    private async Task GetLocationAsync(S3Call c)
    {
        await BucketAsync(c, write: false).ConfigureAwait(false);
        await WriteXmlAsync(c, S3Xml.E("LocationConstraint", _options.Region == "us-east-1" ? null : _options.Region)).ConfigureAwait(false);
    }

    private async Task ListObjectsV2Async(S3Call c)
    {
        var b = await BucketAsync(c, write: false).ConfigureAwait(false);
        var prefix = c.Q("prefix") ?? string.Empty;
        var delimiter = c.Q("delimiter") is { Length: > 0 } d ? d : null;
        var url = c.Q("encoding-type") == "url";
        var maxKeys = MaxKeys(c);
        string? startAfter = c.Q("start-after");
        var token = c.Q("continuation-token");
        string? after = startAfter;
        if (token is not null)
        {
            after = DecodeToken(token);
        }

        var (records, prefixes, truncated, next) = await ListAsync(b.Name, prefix, delimiter, after, maxKeys, c.Ct).ConfigureAwait(false);
        var fetchOwner = c.Q("fetch-owner") == "true";
        string Enc(string s) => url ? Auth.SigV4.UriEncode(s, keepSlash: true) : s;
        await WriteXmlAsync(c, S3Xml.E(
            "ListBucketResult",
            S3Xml.E("Name", b.Name),
            S3Xml.E("Prefix", Enc(prefix)),
            startAfter is null ? null : S3Xml.E("StartAfter", Enc(startAfter)),
            token is null ? null : S3Xml.E("ContinuationToken", token),
            truncated && next is not null ? S3Xml.E("NextContinuationToken", EncodeToken(next)) : null,
            S3Xml.E("KeyCount", records.Count + prefixes.Count),
            S3Xml.E("MaxKeys", maxKeys),
            delimiter is null ? null : S3Xml.E("Delimiter", Enc(delimiter)),
            url ? S3Xml.E("EncodingType", "url") : null,
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            records.Select(r => Contents(r, Enc, fetchOwner ? b.Tenant : null)),
            prefixes.Select(p => S3Xml.E("CommonPrefixes", S3Xml.E("Prefix", Enc(p)))))).ConfigureAwait(false);
    }

    private async Task ListObjectsV1Async(S3Call c)
    {
        var b = await BucketAsync(c, write: false).ConfigureAwait(false);
        var prefix = c.Q("prefix") ?? string.Empty;
        var delimiter = c.Q("delimiter") is { Length: > 0 } d ? d : null;
        var url = c.Q("encoding-type") == "url";
        var marker = c.Q("marker");
        var maxKeys = MaxKeys(c);
        var (records, prefixes, truncated, next) = await ListAsync(b.Name, prefix, delimiter, marker, maxKeys, c.Ct).ConfigureAwait(false);
        string Enc(string s) => url ? Auth.SigV4.UriEncode(s, keepSlash: true) : s;
        await WriteXmlAsync(c, S3Xml.E(
            "ListBucketResult",
            S3Xml.E("Name", b.Name),
            S3Xml.E("Prefix", Enc(prefix)),
            S3Xml.E("Marker", Enc(marker ?? string.Empty)),
            truncated && delimiter is not null && next is not null ? S3Xml.E("NextMarker", Enc(next)) : null,
            S3Xml.E("MaxKeys", maxKeys),
            delimiter is null ? null : S3Xml.E("Delimiter", Enc(delimiter)),
            url ? S3Xml.E("EncodingType", "url") : null,
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            records.Select(r => Contents(r, Enc, b.Tenant)),
            prefixes.Select(p => S3Xml.E("CommonPrefixes", S3Xml.E("Prefix", Enc(p)))))).ConfigureAwait(false);
    }

    private static XElement Contents(S3ObjectMeta m, Func<string, string> enc, string? owner) => S3Xml.E(
        "Contents",
        S3Xml.E("Key", enc(KeyOf(m.Name))),
        S3Xml.E("LastModified", S3Xml.Time(m.LastModified)),
        S3Xml.E("ETag", m.ETag),
        S3Xml.E("Size", m.Size),
        S3Xml.E("StorageClass", "STANDARD"),
        owner is null ? null : S3Xml.E("Owner", S3Xml.E("ID", owner), S3Xml.E("DisplayName", owner)));

    private static string KeyOf(string name)
    {
        // ns/s3/bucket/key
        var afterNs = name.IndexOf('/', StringComparison.Ordinal) + 4;
        return name[(name.IndexOf('/', afterNs) + 1)..];
    }

    private static int MaxKeys(S3Call c)
    {
        var text = c.Q("max-keys");
        if (text is null)
        {
            return 1000;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Math.Min(n, 1000)
            : throw S3Exception.InvalidArgument("Provided max-keys not an integer or within integer range");
    }

    private static string EncodeToken(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));

    private static string DecodeToken(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect");
        }
    }

    /// <summary>Lists keys (relative to the bucket) with S3 semantics; deleted names are filtered out.</summary>
    private async Task<(List<S3ObjectMeta> Records, List<string> Prefixes, bool Truncated, string? Next)> ListAsync(
        string bucket, string prefix, string? delimiter, string? after, int maxKeys, CancellationToken ct)
    {
        var records = new List<S3ObjectMeta>();
        var prefixes = new List<string>();
        if (maxKeys == 0)
        {
            return (records, prefixes, false, null);
        }

        var bp = S3Names.BucketPrefix(_backing.Publisher.Namespace, bucket);
        var page = await VisibleAsync(
            new ListRequest { Prefix = bp + prefix, Delimiter = delimiter, StartAfter = after is null ? null : bp + after, Limit = maxKeys }, ct).ConfigureAwait(false);
        records.AddRange(page.Records);
        prefixes.AddRange(page.CommonPrefixes.Select(p => p[bp.Length..]));
        return (records, prefixes, page.IsTruncated, page.NextStartAfter?[bp.Length..]);
    }

    private async Task<(List<S3ObjectMeta> Records, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextStartAfter)> VisibleAsync(ListRequest request, CancellationToken ct)
    {
        var page = await _backing.Index.ListAsync(request, ct).ConfigureAwait(false);
        var visible = new List<S3ObjectMeta>(page.Records.Count);
        foreach (var r in page.Records)
        {
            if (await ViewAsync(r, ct).ConfigureAwait(false) is { } m)
            {
                visible.Add(m);
            }
        }

        return (visible, page.CommonPrefixes, page.IsTruncated, page.NextStartAfter);
    }
}
