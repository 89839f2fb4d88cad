using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RustyOnions.Bridges.S3.Auth;

/// <summary>Verifies AWS SigV4 signatures in Authorization headers and presigned query strings.</summary>
public sealed class SigV4Authenticator
{
    private const int MaxPresignSeconds = 604800;
    private readonly S3GatewayOptions _options;
    private readonly Dictionary<string, S3AccessKey> _keys;
    private readonly TimeProvider _clock;

    /// <summary>Creates an authenticator for the configured keys.</summary>
    public SigV4Authenticator(S3GatewayOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock;
        _keys = options.AccessKeys.ToDictionary(k => k.AccessKeyId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Authenticates a request given its method, raw path, raw query and headers.
    /// Returns <see cref="S3AuthResult.Anonymous"/> when the request carries no credentials.
    /// </summary>
    /// <exception cref="S3Exception">403 with SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied or RequestTimeTooSkewed; 400 for malformed auth.</exception>
    public S3AuthResult Authenticate(string method, string rawPath, string rawQuery, IHeaderDictionary headers, string host)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var query = SigV4.ParseQuery(rawQuery);
        var auth = headers.Authorization.ToString();
        if (auth.Length > 0)
        {
            return FromHeader(method, rawPath, query, headers, host, auth);
        }

        if (query.Any(q => q.Key == "X-Amz-Signature"))
        {
            return FromPresign(method, rawPath, query, headers, host);
        }

        return S3AuthResult.Anonymous;
    }

    private S3AuthResult FromHeader(string method, string rawPath, List<KeyValuePair<string, string>> query, IHeaderDictionary headers, string host, string auth)
    {
        if (!auth.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            throw auth.StartsWith("AWS ", StringComparison.Ordinal)
                ? new S3Exception(400, "InvalidRequest", "Signature Version 2 is not supported; use AWS4-HMAC-SHA256")
                : new S3Exception(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the algorithm must be AWS4-HMAC-SHA256");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in auth[SigV4.Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var v = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = v; break;
                case "SignedHeaders": signedHeaders = v; break;
                case "Signature": signature = v; break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; it needs Credential, SignedHeaders and Signature");
        }

        var amzDate = headers["x-amz-date"].ToString();
        if (amzDate.Length == 0)
        {
            amzDate = headers.Date.ToString();
            if (DateTimeOffset.TryParse(amzDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                amzDate = d.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture);
            }
        }

        var time = ParseDate(amzDate);
        if ((time - _clock.GetUtcNow()).Duration() > _options.MaxClockSkew)
        {
            throw new S3Exception(403, "RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.");
        }

        var payload = headers["x-amz-content-sha256"].ToString();
        if (payload.Length == 0)
        {
            throw new S3Exception(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }

        return Verify(method, rawPath, query, headers, host, credential, signedHeaders, signature, amzDate, payload);
    }

    private S3AuthResult FromPresign(string method, string rawPath, List<KeyValuePair<string, string>> query, IHeaderDictionary headers, string host)
    {
        string Q(string name) => query.FirstOrDefault(q => q.Key == name).Value
            ?? throw new S3Exception(400, "AuthorizationQueryParametersError", $"Query-string authentication requires the {name} parameter");

        if (Q("X-Amz-Algorithm") != SigV4.Algorithm)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        var amzDate = Q("X-Amz-Date");
        var time = ParseDate(amzDate);
        if (!int.TryParse(Q("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > MaxPresignSeconds)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", $"X-Amz-Expires must be between 1 and {MaxPresignSeconds} seconds");
        }

        var now = _clock.GetUtcNow();
        if (now > time.AddSeconds(expires))
        {
            throw S3Exception.AccessDenied("Request has expired");
        }

        if (time - now > _options.MaxClockSkew)
        {
            throw S3Exception.AccessDenied("Request is not valid yet");
        }

        var payload = headers["x-amz-content-sha256"].ToString();
        return Verify(method, rawPath, query, headers, host, Q("X-Amz-Credential"), Q("X-Amz-SignedHeaders"), Q("X-Amz-Signature"), amzDate, payload.Length > 0 ? payload : "UNSIGNED-PAYLOAD");
    }

    private S3AuthResult Verify(
        string method, string rawPath, List<KeyValuePair<string, string>> query, IHeaderDictionary headers, string host,
        string credential, string signedHeaders, string signature, string amzDate, string payload)
    {
        var cred = credential.Split('/');
        if (cred.Length != 5 || cred[3] != "s3" || cred[4] != "aws4_request")
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The credential '{credential}' is malformed; expected AKID/yyyymmdd/region/s3/aws4_request");
        }

        if (!_keys.TryGetValue(cred[0], out var key))
        {
            throw new S3Exception(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        }

        if (cred[2] != _options.Region)
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; the region '{cred[2]}' is wrong; expecting '{_options.Region}'");
        }

        if (!amzDate.StartsWith(cred[1], StringComparison.Ordinal))
        {
            throw new S3Exception(403, "SignatureDoesNotMatch", "The credential date does not match the request date");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", "The signed headers must include host");
        }

        var canonicalHeaders = names.Select(n => new KeyValuePair<string, string>(
            n, n == "host" ? host : SigV4.CanonicalHeaderValue(string.Join(',', headers[n].Select(v => v ?? string.Empty))))).ToList();
        var scope = $"{cred[1]}/{cred[2]}/s3/aws4_request";
        var canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri(rawPath), SigV4.CanonicalQuery(query), canonicalHeaders, payload);
        var signingKey = SigV4.SigningKey(key.Secret, cred[1], cred[2], "s3");
        var expected = SigV4.Sign(signingKey, SigV4.StringToSign(amzDate, scope, canonical));
        if (!SigV4.SignatureEquals(expected, signature))
        {
            throw new S3Exception(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        }

        return new S3AuthResult(key, payload, signingKey, amzDate, scope, signature);
    }

    private static DateTimeOffset ParseDate(string amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw S3Exception.AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
}
