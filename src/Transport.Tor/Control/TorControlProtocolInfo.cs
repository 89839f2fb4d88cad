namespace RustyOnions.Transport.Tor.Control;

/// <summary>The PROTOCOLINFO answer: offered auth methods, cookie file, tor version.</summary>
public sealed record TorControlProtocolInfo(IReadOnlyList<TorControlAuthMethod> AuthMethods, string? CookieFile, string? TorVersion)
{
    internal static TorControlProtocolInfo Parse(TorControlReply reply)
    {
        var methods = new List<TorControlAuthMethod>();
        string? cookie = null;
        string? version = null;
        foreach (var line in reply.Lines)
        {
            if (line.Text.StartsWith("AUTH ", StringComparison.Ordinal))
            {
                var kv = TorControlSyntax.ParseKeyValues(line.Text[5..]);
                if (kv.TryGetValue("METHODS", out var m))
                {
                    foreach (var name in m.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        TorControlAuthMethod? method = name switch
                        {
                            "NULL" => TorControlAuthMethod.Null,
                            "HASHEDPASSWORD" => TorControlAuthMethod.HashedPassword,
                            "COOKIE" => TorControlAuthMethod.Cookie,
                            "SAFECOOKIE" => TorControlAuthMethod.SafeCookie,
                            _ => null, // methods added after this client was written are ignored
                        };
                        if (method is { } known)
                        {
                            methods.Add(known);
                        }
                    }
                }

                cookie = kv.GetValueOrDefault("COOKIEFILE");
            }
            else if (line.Text.StartsWith("VERSION ", StringComparison.Ordinal))
            {
                version = TorControlSyntax.ParseKeyValues(line.Text[8..]).GetValueOrDefault("Tor");
            }
        }

        return new TorControlProtocolInfo(methods, cookie, version);
    }
}
