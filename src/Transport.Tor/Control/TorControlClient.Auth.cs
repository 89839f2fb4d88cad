using System.Security.Cryptography;
using System.Text;

namespace RustyOnions.Transport.Tor.Control;

public sealed partial class TorControlClient
{
    private static readonly byte[] ServerToControllerKey = Encoding.ASCII.GetBytes("Tor safe cookie authentication server-to-controller hash");
    private static readonly byte[] ControllerToServerKey = Encoding.ASCII.GetBytes("Tor safe cookie authentication controller-to-server hash");
    private TorControlProtocolInfo? _protocolInfo;

    /// <summary>True once AUTHENTICATE succeeded.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>
    /// PROTOCOLINFO. Tor answers it only once before authentication, so the answer is cached.
    /// </summary>
    public async Task<TorControlProtocolInfo> GetProtocolInfoAsync(CancellationToken ct)
    {
        if (_protocolInfo is { } cached)
        {
            return cached;
        }

        var reply = await SendCommandAsync("PROTOCOLINFO 1", ct).ConfigureAwait(false);
        return _protocolInfo = TorControlProtocolInfo.Parse(reply);
    }

    /// <summary>
    /// Authenticates with the best method tor offers: the password when <see cref="TorControlOpts.Password"/>
    /// is set, else SAFECOOKIE, else COOKIE, else NULL.
    /// </summary>
    public async Task AuthenticateAsync(CancellationToken ct)
    {
        var info = await GetProtocolInfoAsync(ct).ConfigureAwait(false);
        TorControlAuthMethod method;
        if (_opts.Password is not null && info.AuthMethods.Contains(TorControlAuthMethod.HashedPassword))
        {
            method = TorControlAuthMethod.HashedPassword;
        }
        else if (info.AuthMethods.Contains(TorControlAuthMethod.SafeCookie))
        {
            method = TorControlAuthMethod.SafeCookie;
        }
        else if (info.AuthMethods.Contains(TorControlAuthMethod.Cookie))
        {
            method = TorControlAuthMethod.Cookie;
        }
        else if (info.AuthMethods.Contains(TorControlAuthMethod.Null))
        {
            method = TorControlAuthMethod.Null;
        }
        else if (info.AuthMethods.Contains(TorControlAuthMethod.HashedPassword))
        {
            throw new TorControlException(515, "tor requires a control password (HASHEDPASSWORD) but TorControlOpts.Password is not set");
        }
        else
        {
            throw new TorControlException(515, $"tor offers no authentication method this client supports ({string.Join(',', info.AuthMethods)})");
        }

        await AuthenticateAsync(method, ct).ConfigureAwait(false);
    }

    /// <summary>Authenticates with a given method. A wrong secret throws <see cref="TorControlException"/> with code 515.</summary>
    public async Task AuthenticateAsync(TorControlAuthMethod method, CancellationToken ct)
    {
        switch (method)
        {
            case TorControlAuthMethod.Null:
                await SendCommandAsync("AUTHENTICATE", ct).ConfigureAwait(false);
                break;
            case TorControlAuthMethod.HashedPassword:
                var password = _opts.Password ?? throw new InvalidOperationException("HASHEDPASSWORD authentication needs TorControlOpts.Password");
                await SendCommandAsync("AUTHENTICATE " + TorControlSyntax.Quote(password), ct).ConfigureAwait(false);
                break;
            case TorControlAuthMethod.Cookie:
                var cookie = await ReadCookieAsync(ct).ConfigureAwait(false);
                await SendCommandAsync("AUTHENTICATE " + Convert.ToHexString(cookie), ct).ConfigureAwait(false);
                break;
            case TorControlAuthMethod.SafeCookie:
                await AuthenticateSafeCookieAsync(ct).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown authentication method");
        }

        IsAuthenticated = true;
    }

    private async Task AuthenticateSafeCookieAsync(CancellationToken ct)
    {
        var cookie = await ReadCookieAsync(ct).ConfigureAwait(false);
        var clientNonce = RandomNumberGenerator.GetBytes(32);
        var reply = await SendCommandAsync("AUTHCHALLENGE SAFECOOKIE " + Convert.ToHexString(clientNonce), ct).ConfigureAwait(false);
        var text = reply.Text.StartsWith("AUTHCHALLENGE ", StringComparison.Ordinal) ? reply.Text[14..] : reply.Text;
        var kv = TorControlSyntax.ParseKeyValues(text);
        if (!kv.TryGetValue("SERVERHASH", out var serverHashHex) || !kv.TryGetValue("SERVERNONCE", out var serverNonceHex))
        {
            throw new TorControlConnectionException($"tor's AUTHCHALLENGE reply lacks SERVERHASH/SERVERNONCE: '{reply.Text}'");
        }

        var serverNonce = Convert.FromHexString(serverNonceHex);
        var message = new byte[cookie.Length + clientNonce.Length + serverNonce.Length];
        cookie.CopyTo(message, 0);
        clientNonce.CopyTo(message, cookie.Length);
        serverNonce.CopyTo(message, cookie.Length + clientNonce.Length);
        var expectedServerHash = HMACSHA256.HashData(ServerToControllerKey, message);
        if (!CryptographicOperations.FixedTimeEquals(expectedServerHash, Convert.FromHexString(serverHashHex)))
        {
            // Whoever answers does not know the cookie: it is not our tor (or the cookie file is stale).
            throw new TorControlException(515, "SAFECOOKIE: tor's SERVERHASH does not match the cookie; the control port is not the tor that wrote the cookie file");
        }

        var clientHash = HMACSHA256.HashData(ControllerToServerKey, message);
        await SendCommandAsync("AUTHENTICATE " + Convert.ToHexString(clientHash), ct).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadCookieAsync(CancellationToken ct)
    {
        var path = _opts.CookiePath ?? _protocolInfo?.CookieFile
            ?? (await GetProtocolInfoAsync(ct).ConfigureAwait(false)).CookieFile
            ?? throw new TorControlException(515, "tor named no cookie file in PROTOCOLINFO and TorControlOpts.CookiePath is not set");
        byte[] cookie;
        try
        {
            cookie = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TorControlException($"cannot read tor's control cookie '{path}': {ex.Message}", ex);
        }

        if (cookie.Length != 32)
        {
            throw new TorControlException($"tor's control cookie '{path}' has {cookie.Length} bytes, expected 32 (tor may still be writing it)");
        }

        return cookie;
    }
}
