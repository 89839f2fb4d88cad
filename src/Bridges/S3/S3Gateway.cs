using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using RustyOnions.Bridges.S3.Auth;
using RustyOnions.Bridges.S3.Http;
using RustyOnions.Index;
using RustyOnions.Overlay.Store;

namespace RustyOnions.Bridges.S3;

/// <summary>
/// The S3-compatible HTTP gateway: a request handler to mount on its own Kestrel endpoint.
/// Buckets are prefixes of the gateway's index namespace, objects are overlay objects (see specs/bridges.md "## S3").
/// </summary>
public sealed partial class S3Gateway
{
    private readonly S3GatewayOptions _options;
    private readonly IS3Backing _backing;
    private readonly SigV4Authenticator _auth;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly IS3Admission? _admission;
    private readonly SemaphoreSlim _publishLock = new(1, 1);

    /// <summary>Creates a gateway over <paramref name="backing"/>.</summary>
    public S3Gateway(S3GatewayOptions options, IS3Backing backing, ILogger log, TimeProvider? clock = null, IS3Admission? admission = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _backing = backing;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        _auth = new SigV4Authenticator(options, _clock);
        _admission = admission;
    }

    /// <summary>Handles one HTTP request as S3 would.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;
        http.Response.Headers.Server = "RustyOnions";
        var resource = http.Request.Path.Value ?? "/";
        try
        {
            var call = Parse(http, requestId);
            resource = call.Resource;
            using var lease = _admission is null ? null
                : await _admission.EnterAsync(call.Tenant, http.Request.Method, http.Request.ContentLength, http.RequestAborted).ConfigureAwait(false);
            await DispatchAsync(call).ConfigureAwait(false);
        }
        catch (S3Exception e)
        {
            await WriteErrorAsync(http, e, resource, requestId).ConfigureAwait(false);
        }
        catch (IndexException e)
        {
            await WriteErrorAsync(http, S3Exception.InvalidArgument(e.Message), resource, requestId).ConfigureAwait(false);
        }
        catch (ObjectTooLargeException e)
        {
            await WriteErrorAsync(http, new S3Exception(400, "EntityTooLarge", e.Message), resource, requestId).ConfigureAwait(false);
        }
        catch (SizeMismatchException e)
        {
            await WriteErrorAsync(http, new S3Exception(400, "IncompleteBody", e.Message), resource, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogInternal(_log, requestId, e);
            await WriteErrorAsync(http, new S3Exception(500, "InternalError", "We encountered an internal error. Please try again. (" + e.GetType().Name + ": " + e.Message + ")"), resource, requestId).ConfigureAwait(false);
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, S3Exception e, string resource, string requestId)
    {
        if (http.Response.HasStarted)
        {
            http.Abort();
            return;
        }

        http.Response.StatusCode = e.Status;
        foreach (var (k, v) in e.Headers)
        {
            http.Response.Headers[k] = v;
        }

        if (HttpMethods.IsHead(http.Request.Method) || e.Status == 304)
        {
            return;
        }

        var body = S3Xml.Error(e.Code, e.Message, resource, requestId);
        http.Response.ContentType = "application/xml";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private S3Call Parse(HttpContext http, string requestId)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.PathBase + http.Request.Path + http.Request.QueryString).ToString();
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? raw : raw[..q];
        var rawQuery = q < 0 ? string.Empty : raw[(q + 1)..];
        var host = http.Request.Host.Value ?? string.Empty;
        var signingHost = host;
        string? vhostBucket = null;
        if (_options.CanonicalHost is { Length: > 0 } canonical)
        {
            if (host.EndsWith("." + canonical, StringComparison.OrdinalIgnoreCase))
            {
                vhostBucket = host[..^(canonical.Length + 1)];
            }
            else if (!string.Equals(host, canonical, StringComparison.OrdinalIgnoreCase))
            {
                // Behind a reverse proxy that rewrote Host: the client signed the public name.
                signingHost = canonical;
            }
        }
        else
        {
            var hostOnly = http.Request.Host.Host;
            if (hostOnly.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                vhostBucket = hostOnly[..^".localhost".Length];
            }
        }

        var auth = _auth.Authenticate(http.Request.Method, rawPath, rawQuery, http.Request.Headers, signingHost);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in SigV4.ParseQuery(rawQuery))
        {
            // Presign parameters and the SDKs' x-id operation hint are not sub-resources.
            if (!k.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && k != "x-id")
            {
                query.TryAdd(k, v);
            }
        }

        var path = Uri.UnescapeDataString(rawPath.TrimStart('/'));
        string? bucket;
        string? key;
        if (vhostBucket is not null)
        {
            bucket = vhostBucket;
            key = path.Length == 0 ? null : path;
        }
        else
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            bucket = path.Length == 0 ? null : slash < 0 ? path : path[..slash];
            key = slash < 0 || slash == path.Length - 1 ? null : path[(slash + 1)..];
        }

        return new S3Call { Http = http, RequestId = requestId, Bucket = bucket, Key = key, Query = query, Auth = auth };
    }

    private Task DispatchAsync(S3Call c)
    {
        var m = c.Request.Method;
        if (c.Bucket is null)
        {
            return HttpMethods.IsGet(m) ? ListBucketsAsync(c) : throw S3Exception.NotImplemented(m + " /");
        }

        if (c.Key is null)
        {
            if (HttpMethods.IsPut(m))
            {
                return c.Query.Count == 0 ? CreateBucketAsync(c) : throw S3Exception.NotImplemented("bucket sub-resource " + string.Join(',', c.Query.Keys));
            }

            if (HttpMethods.IsHead(m))
            {
                return HeadBucketAsync(c);
            }

            if (HttpMethods.IsDelete(m))
            {
                return c.Query.Count == 0 ? DeleteBucketAsync(c) : throw S3Exception.NotImplemented("bucket sub-resource " + string.Join(',', c.Query.Keys));
            }

            if (HttpMethods.IsPost(m) && c.Has("delete"))
            {
                return DeleteObjectsAsync(c);
            }

            if (HttpMethods.IsGet(m))
            {
                if (c.Has("location"))
                {
                    return GetLocationAsync(c);
                }

                if (c.Has("uploads") || c.Has("versioning") || c.Has("acl") || c.Has("policy") || c.Has("cors") || c.Has("tagging") || c.Has("lifecycle"))
                {
                    throw S3Exception.NotImplemented("bucket sub-resource " + string.Join(',', c.Query.Keys));
                }

                return c.Q("list-type") == "2" ? ListObjectsV2Async(c) : ListObjectsV1Async(c);
            }

            throw S3Exception.NotImplemented(m + " on a bucket");
        }

        if (HttpMethods.IsGet(m))
        {
            return c.Has("uploadId") ? ListPartsAsync(c)
                : c.Has("acl") || c.Has("tagging") || c.Has("torrent") || c.Has("attributes") ? throw S3Exception.NotImplemented("object sub-resource " + string.Join(',', c.Query.Keys))
                : GetObjectAsync(c, head: false);
        }

        if (HttpMethods.IsHead(m))
        {
            return GetObjectAsync(c, head: true);
        }

        if (HttpMethods.IsPut(m))
        {
            if (c.Has("uploadId") && c.Has("partNumber"))
            {
                return UploadPartAsync(c);
            }

            if (c.Query.Count > 0)
            {
                throw S3Exception.NotImplemented("object sub-resource " + string.Join(',', c.Query.Keys));
            }

            return c.Request.Headers.ContainsKey("x-amz-copy-source") ? CopyObjectAsync(c) : PutObjectAsync(c);
        }

        if (HttpMethods.IsPost(m))
        {
            return c.Has("uploads") ? CreateMultipartAsync(c)
                : c.Has("uploadId") ? CompleteMultipartAsync(c)
                : throw S3Exception.NotImplemented("POST on an object");
        }

        if (HttpMethods.IsDelete(m))
        {
            return c.Has("uploadId") ? AbortMultipartAsync(c) : DeleteObjectAsync(c);
        }

        throw S3Exception.NotImplemented(m);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "s3 request {RequestId} failed")]
    private static partial void LogInternal(ILogger log, string requestId, Exception e);
}
