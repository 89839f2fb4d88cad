using System.Globalization;
using RustyOnions.Bridges.S3.Http;
using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Records;

namespace RustyOnions.Bridges.S3;

/// <summary>GetObject and HeadObject.</summary>
public sealed partial class S3Gateway
{
    private static readonly string[] Overrides = ["content-type", "content-language", "expires", "cache-control", "content-disposition", "content-encoding"];

    /// <summary>The S3 view of an index record: its stored metadata, or one derived from the record; null when a delete marker hides it.</summary>
    private async Task<S3ObjectMeta?> ViewAsync(NameRecord r, CancellationToken ct)
    {
        var meta = await _backing.Metadata.GetObjectAsync(r.Name, ct).ConfigureAwait(false);
        if (meta is not null && meta.Seq == r.Seq && !meta.Deleted && meta.Address == r.Address)
        {
            return meta;
        }

        if (meta is { Deleted: true } && meta.Seq >= r.Seq)
        {
            return null;
        }

        // Published through the index directly (or re-published elsewhere): derive what S3 needs from the record.
        // The MD5 is unknown, so the ETag takes the multipart form, which clients do not check as an MD5.
        return new S3ObjectMeta(
            r.Name, r.Seq, false, "\"" + r.Address.ToString()[3..35] + "-1\"", r.MediaType, new Dictionary<string, string>(),
            r.Address, r.Size, DateTimeOffset.FromUnixTimeSeconds(r.Created.ToUnixTimeSeconds()), []);
    }

    private async Task<S3ObjectMeta> ObjectAsync(string bucket, string key, CancellationToken ct)
    {
        var name = S3Names.ObjectName(_backing.Publisher.Namespace, bucket, key);
        var record = await _backing.Index.ResolveAsync(name, ct).ConfigureAwait(false);
        return (record is null ? null : await ViewAsync(record, ct).ConfigureAwait(false)) ?? throw S3Exception.NoSuchKey(key);
    }

    private static void ObjectHeaders(S3Call c, S3ObjectMeta m)
    {
        var h = c.Response.Headers;
        h.ETag = m.ETag;
        h.LastModified = m.LastModified.ToString("R", CultureInfo.InvariantCulture);
        h.AcceptRanges = "bytes";
        h.ContentType = m.ContentType;
        foreach (var (k, v) in m.Metadata)
        {
            h["x-amz-meta-" + k] = v;
        }

        h["x-amz-meta-b3"] = m.Address.ToString();
        if (m.PartSizes.Count > 0)
        {
            h["x-amz-mp-parts-count"] = m.PartSizes.Count.ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task GetObjectAsync(S3Call c, bool head)
    {
        await BucketAsync(c, write: false).ConfigureAwait(false);
        var m = await ObjectAsync(c.Bucket!, c.Key!, c.Ct).ConfigureAwait(false);
        if (_options.IsDenied?.Invoke(m.Address) == true)
        {
            throw new S3Exception(451, "UnavailableForLegalReasons", $"The object {c.Key} ({m.Address}) is unavailable on this node for legal reasons");
        }

        var cond = S3Conditions.Evaluate(c.Request.Headers, m.ETag, m.LastModified);
        if (cond == 412)
        {
            throw new S3Exception(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }

        if (cond == 304)
        {
            c.Response.StatusCode = 304;
            c.Response.Headers.ETag = m.ETag;
            c.Response.Headers.LastModified = m.LastModified.ToString("R", CultureInfo.InvariantCulture);
            return;
        }

        var range = Select(c, m);
        if (range.Kind == RangeKind.Unsatisfiable)
        {
            var e = new S3Exception(416, "InvalidRange", "The requested range is not satisfiable");
            e.Headers["Content-Range"] = $"bytes */{m.Size}";
            throw e;
        }

        ObjectHeaders(c, m);
        foreach (var o in Overrides)
        {
            if (c.Q("response-" + o) is { } v)
            {
                c.Response.Headers[o] = v;
            }
        }

        if (range.Kind == RangeKind.Partial)
        {
            c.Response.StatusCode = 206;
            c.Response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{m.Size}";
        }

        var length = m.Size == 0 ? 0 : range.Length;
        c.Response.ContentLength = length;
        if (head || length == 0)
        {
            return;
        }

        var reader = await _backing.Content.OpenReadAsync(m.Address, range.Start, length, c.Ct).ConfigureAwait(false)
            ?? throw new S3Exception(503, "ServiceUnavailable", $"The bytes of {m.Address} are not on this node yet; retry later");
        await using (reader.ConfigureAwait(false))
        {
            await reader.CopyToAsync(c.Response.Body, c.Ct).ConfigureAwait(false);
        }
    }

    private static ByteRange Select(S3Call c, S3ObjectMeta m)
    {
        if (c.Q("partNumber") is { } pn)
        {
            if (c.Request.Headers.Range.Count > 0)
            {
                throw new S3Exception(400, "InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
            }

            if (!int.TryParse(pn, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 10000)
            {
                throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
            }

            var sizes = m.PartSizes.Count > 0 ? m.PartSizes : [m.Size];
            if (n > sizes.Count)
            {
                var e = new S3Exception(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
                e.Headers["Content-Range"] = $"bytes */{m.Size}";
                throw e;
            }

            var start = sizes.Take(n - 1).Sum();
            c.Response.Headers["x-amz-mp-parts-count"] = sizes.Count.ToString(CultureInfo.InvariantCulture);
            return m.Size == 0 ? new ByteRange(RangeKind.Whole, 0, -1) : new ByteRange(RangeKind.Partial, start, start + sizes[n - 1] - 1);
        }

        var header = c.Request.Headers.Range.ToString();
        if (header.Length == 0 || !S3Conditions.RangeApplies(c.Request.Headers, m.ETag, m.LastModified))
        {
            return new ByteRange(RangeKind.Whole, 0, m.Size - 1);
        }

        return ByteRange.Evaluate(header, m.Size);
    }
}
