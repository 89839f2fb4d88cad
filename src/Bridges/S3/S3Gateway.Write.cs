using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using RustyOnions.Bridges.S3.Http;
using RustyOnions.Bridges.S3.Storage;
using RustyOnions.Index.Records;
using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.S3;

/// <summary>PutObject, DeleteObject(s), CopyObject and body ingestion.</summary>
public sealed partial class S3Gateway
{
    private const string DefaultContentType = "binary/octet-stream";
    private const int BufferSize = 256 * 1024;

    /// <summary>A body stored in the content store with the digests S3 reports.</summary>
    private readonly record struct Ingested(PutResult Put, byte[] Md5, string? ChecksumHeader, string? ChecksumValue);

    private static Dictionary<string, string> UserMetadata(S3Call c)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in c.Request.Headers)
        {
            if (k.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) && k.Length > 11 && !k.Equals("x-amz-meta-b3", StringComparison.OrdinalIgnoreCase))
            {
                meta[k[11..].ToLowerInvariant()] = v.ToString();
            }
        }

        return meta;
    }

    private static string ContentTypeOf(S3Call c) => c.Request.ContentType is { Length: > 0 } t ? t : DefaultContentType;

    private static string Quote(byte[] md5) => "\"" + Convert.ToHexStringLower(md5) + "\"";

    private async Task PutObjectAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        var name = S3Names.ObjectName(_backing.Publisher.Namespace, c.Bucket!, c.Key!);
        var body = await IngestAsync(c, c.Ct).ConfigureAwait(false);
        var etag = Quote(body.Md5);
        await PublishAsync(name, c.Bucket!, c.Key!, body.Put.Addr, body.Put.Size, ContentTypeOf(c), UserMetadata(c), etag, [], c.Ct).ConfigureAwait(false);
        c.Response.Headers.ETag = etag;
        c.Response.Headers["x-amz-meta-b3"] = body.Put.Addr.ToString();
        if (body.ChecksumHeader is not null)
        {
            c.Response.Headers[body.ChecksumHeader] = body.ChecksumValue;
        }

        c.Response.ContentLength = 0;
    }

    /// <summary>Streams the request body (plain or aws-chunked) into the content store, verifying Content-MD5, the payload hash and x-amz-checksum-*.</summary>
    private async Task<Ingested> IngestAsync(S3Call c, CancellationToken ct)
    {
        var headers = c.Request.Headers;
        if (c.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var payload = c.Auth.PayloadHash;
        Stream source = c.Request.Body;
        long? declared = c.Request.ContentLength;
        AwsChunkedStream? chunked = null;
        if (payload.StartsWith("STREAMING-", StringComparison.Ordinal) || headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.Ordinal))
        {
            chunked = new AwsChunkedStream(source, payload.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal) ? c.Auth : null);
            source = chunked;
            declared = long.TryParse(headers["x-amz-decoded-content-length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                ? d
                : throw new S3Exception(411, "MissingContentLength", "You must provide x-amz-decoded-content-length with an aws-chunked body");
        }

        if (declared > _options.MaxObjectBytes)
        {
            throw new S3Exception(400, "EntityTooLarge", $"Your proposed upload of {declared} bytes exceeds the maximum allowed object size of {_options.MaxObjectBytes} bytes");
        }

        S3Checksum? checksum = null;
        string? expectedChecksum = null;
        foreach (var (k, v) in headers)
        {
            if (k.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && !k.Equals("x-amz-checksum-mode", StringComparison.OrdinalIgnoreCase)
                && !k.Equals("x-amz-checksum-type", StringComparison.OrdinalIgnoreCase) && !k.Equals("x-amz-checksum-algorithm", StringComparison.OrdinalIgnoreCase))
            {
                checksum = S3Checksum.Create(k[15..]) ?? throw S3Exception.InvalidArgument($"Unknown checksum header {k}");
                expectedChecksum = v.ToString();
            }
        }

        if (checksum is null && headers["x-amz-trailer"].ToString() is { Length: > 15 } trailer && trailer.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
        {
            checksum = S3Checksum.Create(trailer.Trim()[15..]) ?? throw S3Exception.InvalidArgument($"Unknown trailer checksum {trailer}");
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha = payload.Length == 64 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var writer = await _backing.Content.BeginWriteAsync(null, declared, ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            try
            {
                int n;
                while ((n = await source.ReadAsync(buffer.AsMemory(0, BufferSize), ct).ConfigureAwait(false)) > 0)
                {
                    var data = buffer.AsMemory(0, n);
                    md5.AppendData(data.Span);
                    sha?.AppendData(data.Span);
                    checksum?.Append(data.Span);
                    await writer.WriteAsync(data, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var digest = md5.GetHashAndReset();
            if (headers["Content-MD5"].ToString() is { Length: > 0 } contentMd5)
            {
                if (!IsBase64Md5(contentMd5, out var want))
                {
                    throw new S3Exception(400, "InvalidDigest", "The Content-MD5 you specified was invalid");
                }

                if (!want.AsSpan().SequenceEqual(digest))
                {
                    throw new S3Exception(400, "BadDigest", "The Content-MD5 you specified did not match what we received");
                }
            }

            if (sha is not null && !string.Equals(Convert.ToHexStringLower(sha.GetHashAndReset()), payload, StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }

            string? actual = null;
            if (checksum is not null)
            {
                expectedChecksum ??= chunked?.Trailers.GetValueOrDefault(checksum.HeaderName);
                actual = checksum.ToBase64();
                if (expectedChecksum is not null && expectedChecksum != actual)
                {
                    throw new S3Exception(400, "BadDigest", $"The {checksum.Algorithm.ToUpperInvariant()} you specified did not match the calculated checksum.");
                }
            }

            var put = await writer.CommitAsync(ct).ConfigureAwait(false);
            return new Ingested(put, digest, checksum?.HeaderName, actual);
        }
    }

    private static bool IsBase64Md5(string text, out byte[] md5)
    {
        md5 = new byte[16];
        return Convert.TryFromBase64String(text, md5, out var n) && n == 16;
    }

    /// <summary>Publishes the next seq of a name and stores its S3 metadata.</summary>
    private async Task<S3ObjectMeta> PublishAsync(
        string name, string bucket, string key, ContentId addr, long size, string contentType, IReadOnlyDictionary<string, string> meta, string etag, IReadOnlyList<long> parts, CancellationToken ct)
    {
        string mediaType;
        try
        {
            NameRules.ValidateMediaType(contentType);
            mediaType = contentType;
        }
        catch (Index.IndexException)
        {
            mediaType = "application/octet-stream";
        }

        await _publishLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var seq = await NextSeqAsync(name, ct).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            var record = NameRecord.Sign(_backing.Publisher, S3Names.BucketPath(bucket) + key, addr, size, mediaType, seq, now);
            var result = await _backing.Index.PublishAsync(record, ct).ConfigureAwait(false);
            result.ThrowIfRejected();
            var m = new S3ObjectMeta(name, seq, false, etag, contentType, meta, addr, size, DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), parts);
            await _backing.Metadata.PutObjectAsync(m, ct).ConfigureAwait(false);
            return m;
        }
        finally
        {
            _publishLock.Release();
        }
    }

    /// <summary>One above the held record's seq, tombstones included (a resolve hides them), and above any legacy delete marker.</summary>
    private async Task<long> NextSeqAsync(string name, CancellationToken ct)
    {
        var held = await _backing.Index.HistoryAsync(name, 1, ct).ConfigureAwait(false);
        var old = await _backing.Metadata.GetObjectAsync(name, ct).ConfigureAwait(false);
        return Math.Max(held.Count > 0 ? held[0].Seq : 0, old?.Seq ?? 0) + 1;
    }

    /// <summary>
    /// Unpublishes a name with a signed tombstone at the next seq (specs/bridges.md "Deletes"); the bytes stay in the
    /// content store (other names may share them). False when the name was not live.
    /// </summary>
    private async Task<bool> DeleteAsync(string bucket, string key, CancellationToken ct)
    {
        var name = S3Names.ObjectName(_backing.Publisher.Namespace, bucket, key);
        await _publishLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var record = await _backing.Index.ResolveAsync(name, ct).ConfigureAwait(false);
            if (record is null || await ViewAsync(record, ct).ConfigureAwait(false) is null)
            {
                return false;
            }

            var tombstone = NameRecord.SignTombstone(_backing.Publisher, S3Names.BucketPath(bucket) + key, await NextSeqAsync(name, ct).ConfigureAwait(false), _clock.GetUtcNow());
            (await _backing.Index.PublishAsync(tombstone, ct).ConfigureAwait(false)).ThrowIfRejected();
            await _backing.Metadata.DeleteObjectAsync(name, ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _publishLock.Release();
        }
    }

    private async Task DeleteObjectAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        await DeleteAsync(c.Bucket!, c.Key!, c.Ct).ConfigureAwait(false);
        c.Response.StatusCode = 204;
    }

    private async Task DeleteObjectsAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        using var ms = new MemoryStream();
        await c.Request.Body.CopyToAsync(ms, c.Ct).ConfigureAwait(false);
        var root = S3Xml.Parse(ms.ToArray());
        var quiet = root.Elements().Any(e => e.Name.LocalName == "Quiet" && e.Value.Trim() == "true");
        var keys = root.Elements().Where(e => e.Name.LocalName == "Object")
            .Select(o => o.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value ?? string.Empty).ToList();
        if (keys.Count is 0 or > 1000)
        {
            throw new S3Exception(400, "MalformedXML", "A DeleteObjects request must name between 1 and 1000 keys");
        }

        var results = new List<System.Xml.Linq.XElement>();
        foreach (var key in keys)
        {
            try
            {
                await DeleteAsync(c.Bucket!, key, c.Ct).ConfigureAwait(false);
                if (!quiet)
                {
                    results.Add(S3Xml.E("Deleted", S3Xml.E("Key", key)));
                }
            }
            catch (S3Exception e)
            {
                results.Add(S3Xml.E("Error", S3Xml.E("Key", key), S3Xml.E("Code", e.Code), S3Xml.E("Message", e.Message)));
            }
        }

        await WriteXmlAsync(c, S3Xml.E("DeleteResult", results)).ConfigureAwait(false);
    }

    private async Task CopyObjectAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        var source = Uri.UnescapeDataString(c.Request.Headers["x-amz-copy-source"].ToString()).TrimStart('/');
        var q = source.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            source = source[..q];
        }

        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == source.Length - 1)
        {
            throw S3Exception.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        var srcBucket = source[..slash];
        var srcKey = source[(slash + 1)..];
        var srcCall = new S3Call { Http = c.Http, RequestId = c.RequestId, Bucket = srcBucket, Key = srcKey, Query = c.Query, Auth = c.Auth };
        await BucketAsync(srcCall, write: false).ConfigureAwait(false);
        var src = await ObjectAsync(srcBucket, srcKey, c.Ct).ConfigureAwait(false);
        var h = c.Request.Headers;
        if ((h["x-amz-copy-source-if-match"].ToString() is { Length: > 0 } im && !S3Conditions.Matches(im, src.ETag))
            || (h["x-amz-copy-source-if-none-match"].ToString() is { Length: > 0 } inm && S3Conditions.Matches(inm, src.ETag)))
        {
            throw new S3Exception(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }

        var replace = string.Equals(h["x-amz-metadata-directive"].ToString(), "REPLACE", StringComparison.OrdinalIgnoreCase);
        var name = S3Names.ObjectName(_backing.Publisher.Namespace, c.Bucket!, c.Key!);

        // Content addressing makes the copy free: the new name points at the same bytes.
        var m = await PublishAsync(
            name, c.Bucket!, c.Key!, src.Address, src.Size, replace ? ContentTypeOf(c) : src.ContentType,
            replace ? UserMetadata(c) : src.Metadata, src.ETag, src.PartSizes, c.Ct).ConfigureAwait(false);
        c.Response.Headers["x-amz-meta-b3"] = src.Address.ToString();
        await WriteXmlAsync(c, S3Xml.E("CopyObjectResult", S3Xml.E("LastModified", S3Xml.Time(m.LastModified)), S3Xml.E("ETag", m.ETag))).ConfigureAwait(false);
    }
}
