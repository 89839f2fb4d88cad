using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using RustyOnions.Bridges.S3;
using RustyOnions.Bridges.S3.Auth;
using RustyOnions.Bridges.S3.Http;

namespace RustyOnions.Bridges.Tests.S3;

public sealed class SigV4Tests
{
    private static readonly System.Text.Json.JsonElement V = Vectors.Load("sigv4.json");

    private static (SigV4Authenticator Auth, FixedClock Clock) Authenticator()
    {
        var clock = new FixedClock(DateTimeOffset.Parse(V.GetProperty("now").GetString()!, CultureInfo.InvariantCulture));
        var options = new S3GatewayOptions
        {
            Region = V.GetProperty("region").GetString()!,
            AccessKeys = [new S3AccessKey(V.GetProperty("access_key").GetString()!, V.GetProperty("secret").GetString()!, "t")],
        };
        return (new SigV4Authenticator(options, clock), clock);
    }

    private static IHeaderDictionary Headers(System.Text.Json.JsonElement c, string? signature)
    {
        IHeaderDictionary h = new HeaderDictionary();
        foreach (var p in c.GetProperty("headers").EnumerateObject())
        {
            h[p.Name] = p.Value.GetString();
        }

        if (signature is not null)
        {
            h.Authorization = $"AWS4-HMAC-SHA256 Credential={V.GetProperty("access_key").GetString()}/20130524/us-east-1/s3/aws4_request,SignedHeaders={c.GetProperty("signed_headers").GetString()},Signature={signature}";
        }

        return h;
    }

    public static TheoryData<int> HeaderCases() => new(Enumerable.Range(0, V.GetProperty("header_cases").GetArrayLength()));

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void Aws_documented_header_signatures_verify(int index)
    {
        var c = V.GetProperty("header_cases")[index];
        var (auth, _) = Authenticator();
        var h = Headers(c, c.GetProperty("signature").GetString());
        var result = auth.Authenticate(c.GetProperty("method").GetString()!, c.GetProperty("path").GetString()!, c.GetProperty("query").GetString()!, h, h.Host.ToString());
        Assert.Equal("t", result.Key!.Tenant);
    }

    [Fact]
    public void Canonical_request_matches_the_documented_text()
    {
        var c = V.GetProperty("header_cases")[0];
        var headers = c.GetProperty("headers").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
        var canonical = SigV4.CanonicalRequest("GET", SigV4.CanonicalUri("/test.txt"), SigV4.CanonicalQuery([]), headers, SigV4.EmptySha256);
        Assert.Equal(c.GetProperty("canonical_request").GetString(), canonical);
    }

    [Fact]
    public void Changed_signature_or_header_is_SignatureDoesNotMatch()
    {
        var c = V.GetProperty("header_cases")[0];
        var (auth, _) = Authenticator();
        var h = Headers(c, c.GetProperty("signature").GetString());
        h.Range = "bytes=0-10";
        var e = Assert.Throws<S3Exception>(() => auth.Authenticate("GET", "/test.txt", string.Empty, h, h.Host.ToString()));
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.Equal(403, e.Status);
    }

    [Fact]
    public void Unknown_key_is_InvalidAccessKeyId_and_skew_is_RequestTimeTooSkewed()
    {
        var c = V.GetProperty("header_cases")[0];
        var (auth, clock) = Authenticator();
        var h = Headers(c, c.GetProperty("signature").GetString());
        h.Authorization = h.Authorization.ToString().Replace("AKIAIOSFODNN7EXAMPLE", "AKIANOBODY", StringComparison.Ordinal);
        Assert.Equal("InvalidAccessKeyId", Assert.Throws<S3Exception>(() => auth.Authenticate("GET", "/test.txt", string.Empty, h, h.Host.ToString())).Code);

        clock.Now = clock.Now.AddMinutes(16);
        var h2 = Headers(c, c.GetProperty("signature").GetString());
        Assert.Equal("RequestTimeTooSkewed", Assert.Throws<S3Exception>(() => auth.Authenticate("GET", "/test.txt", string.Empty, h2, h2.Host.ToString())).Code);
    }

    [Fact]
    public void Documented_presigned_url_verifies_until_it_expires()
    {
        var p = V.GetProperty("presign_case");
        var (auth, clock) = Authenticator();
        var result = auth.Authenticate("GET", p.GetProperty("path").GetString()!, p.GetProperty("query").GetString()!, new HeaderDictionary(), p.GetProperty("host").GetString()!);
        Assert.Equal("UNSIGNED-PAYLOAD", result.PayloadHash);

        clock.Now = clock.Now.AddSeconds(86401);
        var e = Assert.Throws<S3Exception>(() => auth.Authenticate("GET", "/test.txt", p.GetProperty("query").GetString()!, new HeaderDictionary(), p.GetProperty("host").GetString()!));
        Assert.Equal("AccessDenied", e.Code);
        Assert.Equal("Request has expired", e.Message);
    }

    [Fact]
    public async Task Documented_aws_chunked_signatures_verify_and_a_changed_byte_fails()
    {
        var c = V.GetProperty("chunked_case");
        var (auth, _) = Authenticator();
        var h = Headers(c, c.GetProperty("seed_signature").GetString());
        h.Host = c.GetProperty("host").GetString();
        var seed = auth.Authenticate("PUT", c.GetProperty("path").GetString()!, string.Empty, h, h.Host.ToString());

        var body = new MemoryStream();
        foreach (var chunk in c.GetProperty("chunks").EnumerateArray())
        {
            var size = chunk.GetProperty("size").GetInt32();
            body.Write(Encoding.ASCII.GetBytes($"{size:x};chunk-signature={chunk.GetProperty("signature").GetString()}\r\n"));
            body.Write(Enumerable.Repeat((byte)'a', size).ToArray());
            body.Write("\r\n"u8);
        }

        var bytes = body.ToArray();
        var decoded = new MemoryStream();
        await new AwsChunkedStream(new MemoryStream(bytes), seed).CopyToAsync(decoded);
        Assert.Equal(66560, decoded.Length);

        var bad = (byte[])bytes.Clone();
        bad[200] = (byte)'b';
        var e = await Assert.ThrowsAsync<S3Exception>(() => new AwsChunkedStream(new MemoryStream(bad), seed).CopyToAsync(Stream.Null));
        Assert.Equal("SignatureDoesNotMatch", e.Code);
    }

    [Theory]
    [InlineData("a b/c~d_e.f-g", true, "a%20b/c~d_e.f-g")]
    [InlineData("a/b", false, "a%2Fb")]
    [InlineData("é+*", true, "%C3%A9%2B%2A")]
    public void UriEncode_follows_sigv4(string input, bool keepSlash, string expected) =>
        Assert.Equal(expected, SigV4.UriEncode(input, keepSlash));
}
