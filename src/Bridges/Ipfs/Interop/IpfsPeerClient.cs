using System.Net.Http.Headers;
using System.Text.Json;
using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.Interop;

/// <summary>
/// Talks to another IPFS implementation: its Kubo-compatible HTTP RPC API (<c>/api/v0/dag/export</c>,
/// <c>/api/v0/add</c>, <c>/api/v0/block/get</c>) or a trustless gateway (<c>/ipfs/{cid}?format=car</c>).
/// Returns untrusted bytes: callers verify (see <see cref="IpfsImport"/>).
/// </summary>
public sealed class IpfsPeerClient : IDisposable
{
    private readonly HttpClient _http;

    private IpfsPeerClient(Uri baseUri, bool isRpc)
    {
        _http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        IsRpc = isRpc;
    }

    /// <summary>True for an RPC API, false for a trustless gateway.</summary>
    public bool IsRpc { get; }

    /// <summary>A client of a Kubo-compatible RPC API at <paramref name="api"/> (e.g. http://127.0.0.1:5001).</summary>
    public static IpfsPeerClient ForRpc(Uri api) => new(Normalize(api), isRpc: true);

    /// <summary>A client of a trustless gateway at <paramref name="gateway"/>.</summary>
    public static IpfsPeerClient ForGateway(Uri gateway) => new(Normalize(gateway), isRpc: false);

    /// <summary>Opens the CARv1 of <paramref name="root"/>'s whole DAG (RPC <c>dag/export</c> or gateway <c>format=car</c>).</summary>
    /// <exception cref="IpfsException">The peer answered an error.</exception>
    public async Task<Stream> OpenCarAsync(Cid root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var request = IsRpc
            ? new HttpRequestMessage(HttpMethod.Post, $"api/v0/dag/export?arg={root}")
            : new HttpRequestMessage(HttpMethod.Get, $"ipfs/{root}?format=car&dag-scope=all");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.ipld.car"));
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new IpfsPeerException($"{(IsRpc ? "dag/export" : "gateway CAR")} of {root} failed: HTTP {(int)response.StatusCode}: {Clip(body)}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a file through RPC <c>add</c> (CIDv1, raw leaves, 256 KiB chunks: <c>ipfs add --cid-version=1</c>)
    /// and returns the CID the peer computed.</summary>
    public async Task<Cid> AddAsync(Stream file, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!IsRpc)
        {
            throw new InvalidOperationException("add needs an RPC API (--api), not a gateway");
        }

        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // Quoted: .NET writes parameter values bare, which strict multipart parsers (e.g. undici's) reject.
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{name}\"" };
        form.Add(part);
        using var response = await _http.PostAsync("api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true&cid-base=base32&progress=false", form, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IpfsPeerException($"add failed: HTTP {(int)response.StatusCode}: {Clip(text)}");
        }

        // One JSON object per line; the last names the added file.
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                   ?? throw new IpfsPeerException("add returned an empty body");
        try
        {
            using var doc = JsonDocument.Parse(last);
            return Cid.Parse(doc.RootElement.GetProperty("Hash").GetString() ?? string.Empty);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new IpfsPeerException($"add returned an unexpected body: {Clip(last)}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static Uri Normalize(Uri u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
    }

    private static string Clip(string s) => s.Length <= 300 ? s.Trim() : s[..300] + "…";
}
