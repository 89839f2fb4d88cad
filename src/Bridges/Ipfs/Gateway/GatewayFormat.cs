using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace RustyOnions.Bridges.Ipfs.Gateway;

/// <summary>What a trustless-gateway request asks for.</summary>
public enum GatewayFormat
{
    /// <summary>The file bytes (deserialized UnixFS).</summary>
    File,

    /// <summary>One block, <c>application/vnd.ipld.raw</c>.</summary>
    Raw,

    /// <summary>A CARv1, <c>application/vnd.ipld.car</c>.</summary>
    Car,
}

/// <summary>Response-format negotiation: <c>?format=</c> wins over <c>Accept</c>.</summary>
internal static class GatewayFormatNegotiation
{
    public const string RawType = "application/vnd.ipld.raw";
    public const string CarType = "application/vnd.ipld.car";

    /// <summary>Returns the format, or an HTTP status (400 bad format parameter, 406 unsupported Accept) and message.</summary>
    public static (GatewayFormat Format, int Status, string? Error) Negotiate(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format switch
            {
                "raw" => (GatewayFormat.Raw, 200, null),
                "car" => (GatewayFormat.Car, 200, null),
                _ => (GatewayFormat.File, 400, $"unsupported format '{format}': this gateway serves format=raw, format=car or the file bytes (no format)"),
            };
        }

        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return (GatewayFormat.File, 200, null);
        }

        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types) || types.Count == 0)
        {
            return (GatewayFormat.File, 400, $"malformed Accept header '{accept}'");
        }

        // Highest quality first; among equals, the order the client gave.
        foreach (var t in types.Where(t => (t.Quality ?? 1) > 0).OrderByDescending(t => t.Quality ?? 1))
        {
            var media = t.MediaType.Value ?? string.Empty;
            if (media.Equals(RawType, StringComparison.OrdinalIgnoreCase))
            {
                return (GatewayFormat.Raw, 200, null);
            }

            if (media.Equals(CarType, StringComparison.OrdinalIgnoreCase))
            {
                var version = t.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase))?.Value.Value;
                if (version is null or "1")
                {
                    return (GatewayFormat.Car, 200, null);
                }

                continue;
            }

            if (media is "*/*" or "application/*" or "application/octet-stream" or "text/html" or "text/*" or "text/plain")
            {
                return (GatewayFormat.File, 200, null);
            }
        }

        return (GatewayFormat.File, 406,
            $"none of the accepted types ({accept}) can be served: use {RawType}, {CarType} (version=1), application/octet-stream or */*");
    }
}
