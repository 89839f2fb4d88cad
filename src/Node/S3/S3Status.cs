using System.Text.Json;

namespace RustyOnions.Node.S3;

/// <summary>Reads the S3 gateway's bound address from the admin endpoint (<c>GET /s3</c>) for `ron status`.</summary>
internal static class S3Status
{
    /// <summary>The gateway's base URL, or null when it is off or the admin endpoint does not answer.</summary>
    public static async Task<string?> FetchAsync(string adminUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(adminUrl), "s3"), ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            return doc.RootElement.TryGetProperty("listen", out var listen) && listen.ValueKind == JsonValueKind.String ? listen.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
        {
            return null;
        }
    }
}
