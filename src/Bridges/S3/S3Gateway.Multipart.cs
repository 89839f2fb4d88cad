using System.Globalization;
using System.Security.Cryptography;
using RustyOnions.Bridges.S3.Http;
using RustyOnions.Bridges.S3.Storage;

namespace RustyOnions.Bridges.S3;

/// <summary>Multipart upload: each part is an overlay object; Complete concatenates them into one object.</summary>
public sealed partial class S3Gateway
{
    private const long MinPartSize = 5L << 20;

    private async Task<S3Upload> UploadAsync(S3Call c)
    {
        var id = c.Q("uploadId") ?? string.Empty;
        var u = await _backing.Metadata.GetUploadAsync(id, c.Ct).ConfigureAwait(false);
        return u is not null && u.Bucket == c.Bucket && u.Key == c.Key
            ? u
            : throw new S3Exception(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    }

    private async Task CreateMultipartAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        _ = S3Names.ObjectName(_backing.Publisher.Namespace, c.Bucket!, c.Key!);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await _backing.Metadata.CreateUploadAsync(new S3Upload(id, c.Bucket!, c.Key!, ContentTypeOf(c), UserMetadata(c), _clock.GetUtcNow()), c.Ct).ConfigureAwait(false);
        await WriteXmlAsync(c, S3Xml.E("InitiateMultipartUploadResult", S3Xml.E("Bucket", c.Bucket), S3Xml.E("Key", c.Key), S3Xml.E("UploadId", id))).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        if (!int.TryParse(c.Q("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10000)
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }

        var upload = await UploadAsync(c).ConfigureAwait(false);
        var body = await IngestAsync(c, c.Ct).ConfigureAwait(false);
        var etag = Quote(body.Md5);
        await _backing.Metadata.PutPartAsync(upload.UploadId, new S3UploadPart(number, body.Put.Addr, body.Put.Size, etag, _clock.GetUtcNow()), c.Ct).ConfigureAwait(false);
        c.Response.Headers.ETag = etag;
        if (body.ChecksumHeader is not null)
        {
            c.Response.Headers[body.ChecksumHeader] = body.ChecksumValue;
        }

        c.Response.ContentLength = 0;
    }

    private async Task CompleteMultipartAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        var upload = await UploadAsync(c).ConfigureAwait(false);
        using var ms = new MemoryStream();
        await c.Request.Body.CopyToAsync(ms, c.Ct).ConfigureAwait(false);
        var root = S3Xml.Parse(ms.ToArray());
        var requested = root.Elements().Where(e => e.Name.LocalName == "Part").Select(p => (
            Number: int.TryParse(p.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1,
            ETag: p.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value ?? string.Empty)).ToList();
        if (requested.Count == 0)
        {
            throw new S3Exception(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: no Part elements");
        }

        var stored = (await _backing.Metadata.ListPartsAsync(upload.UploadId, c.Ct).ConfigureAwait(false)).ToDictionary(p => p.PartNumber);
        var parts = new List<S3UploadPart>(requested.Count);
        var previous = 0;
        foreach (var (number, etag) in requested)
        {
            if (number <= previous)
            {
                throw new S3Exception(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }

            previous = number;
            if (!stored.TryGetValue(number, out var part) || !S3Conditions.Matches(etag, part.ETag))
            {
                throw new S3Exception(400, "InvalidPart", $"One or more of the specified parts could not be found or its ETag did not match: part {number}");
            }

            parts.Add(part);
        }

        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                throw new S3Exception(400, "EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed size: part {parts[i].PartNumber} is {parts[i].Size} bytes; the minimum is {MinPartSize}");
            }
        }

        var total = parts.Sum(p => p.Size);
        var writer = await _backing.Content.BeginWriteAsync(null, total, c.Ct).ConfigureAwait(false);
        Overlay.Store.PutResult put;
        await using (writer.ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            foreach (var p in parts)
            {
                var reader = await _backing.Content.OpenReadAsync(p.Address, 0, null, c.Ct).ConfigureAwait(false)
                    ?? throw new S3Exception(400, "InvalidPart", $"The bytes of part {p.PartNumber} are gone");
                await using (reader.ConfigureAwait(false))
                {
                    int n;
                    while ((n = await reader.ReadAsync(buffer, c.Ct).ConfigureAwait(false)) > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, n), c.Ct).ConfigureAwait(false);
                    }
                }
            }

            put = await writer.CommitAsync(c.Ct).ConfigureAwait(false);
        }

        var md5s = parts.SelectMany(p => Convert.FromHexString(p.ETag.Trim('"'))).ToArray();
        var multipartEtag = "\"" + Convert.ToHexStringLower(MD5.HashData(md5s)) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture) + "\"";
        var name = S3Names.ObjectName(_backing.Publisher.Namespace, c.Bucket!, c.Key!);
        await PublishAsync(name, c.Bucket!, c.Key!, put.Addr, put.Size, upload.ContentType, upload.Metadata, multipartEtag, parts.Select(p => p.Size).ToList(), c.Ct).ConfigureAwait(false);
        await _backing.Metadata.DeleteUploadAsync(upload.UploadId, c.Ct).ConfigureAwait(false);
        c.Response.Headers["x-amz-meta-b3"] = put.Addr.ToString();
        await WriteXmlAsync(c, S3Xml.E(
            "CompleteMultipartUploadResult",
            S3Xml.E("Location", $"/{c.Bucket}/{c.Key}"),
            S3Xml.E("Bucket", c.Bucket),
            S3Xml.E("Key", c.Key),
            S3Xml.E("ETag", multipartEtag))).ConfigureAwait(false);
    }

    private async Task AbortMultipartAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        var upload = await UploadAsync(c).ConfigureAwait(false);
        await _backing.Metadata.DeleteUploadAsync(upload.UploadId, c.Ct).ConfigureAwait(false);
        c.Response.StatusCode = 204;
    }

    private async Task ListPartsAsync(S3Call c)
    {
        await BucketAsync(c, write: true).ConfigureAwait(false);
        var upload = await UploadAsync(c).ConfigureAwait(false);
        var marker = int.TryParse(c.Q("part-number-marker"), NumberStyles.None, CultureInfo.InvariantCulture, out var pm) ? pm : 0;
        var max = int.TryParse(c.Q("max-parts"), NumberStyles.None, CultureInfo.InvariantCulture, out var mp) ? Math.Clamp(mp, 0, 1000) : 1000;
        var all = (await _backing.Metadata.ListPartsAsync(upload.UploadId, c.Ct).ConfigureAwait(false)).Where(p => p.PartNumber > marker).ToList();
        var page = all.Take(max).ToList();
        var truncated = all.Count > page.Count;
        await WriteXmlAsync(c, S3Xml.E(
            "ListPartsResult",
            S3Xml.E("Bucket", c.Bucket),
            S3Xml.E("Key", c.Key),
            S3Xml.E("UploadId", upload.UploadId),
            S3Xml.E("PartNumberMarker", marker),
            S3Xml.E("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker),
            S3Xml.E("MaxParts", max),
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            S3Xml.E("StorageClass", "STANDARD"),
            page.Select(p => S3Xml.E("Part", S3Xml.E("PartNumber", p.PartNumber), S3Xml.E("LastModified", S3Xml.Time(p.LastModified)), S3Xml.E("ETag", p.ETag), S3Xml.E("Size", p.Size))))).ConfigureAwait(false);
    }
}
