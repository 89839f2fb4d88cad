using Microsoft.AspNetCore.Http;
using RustyOnions.Bridges.S3.Auth;

namespace RustyOnions.Bridges.S3;

/// <summary>One parsed S3 request: addressing, query, authentication.</summary>
internal sealed class S3Call
{
    public required HttpContext Http { get; init; }

    public required string RequestId { get; init; }

    public required string? Bucket { get; init; }

    public required string? Key { get; init; }

    public required IReadOnlyDictionary<string, string> Query { get; init; }

    public required S3AuthResult Auth { get; init; }

    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Ct => Http.RequestAborted;

    public string? Tenant => Auth.Key?.Tenant;

    public string Resource => Bucket is null ? "/" : Key is null ? "/" + Bucket : "/" + Bucket + "/" + Key;

    public bool Has(string q) => Query.ContainsKey(q);

    public string? Q(string q) => Query.TryGetValue(q, out var v) ? v : null;
}
