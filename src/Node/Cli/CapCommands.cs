using System.CommandLine;
using System.Globalization;
using RustyOnions.Proto.Caps;

namespace RustyOnions.Node.Cli;

/// <summary>`ron cap issue` and `ron cap inspect`: capability tokens (specs/caps.md).</summary>
internal static class CapCommands
{
    public static Command Build()
    {
        var tenant = new Option<string>("--tenant") { Description = "tenant id (decimal u128) the cap is for", Required = true };
        var ops = new Option<string>("--ops") { Description = "granted operations, comma-separated app.op (storage.get,mailbox.send,echo.*)", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "lifetime: 90s, 30m, 1h, 7d", DefaultValueFactory = _ => "1h" };
        var key = new Option<string?>("--key") { Description = "signing key file: a node identity.key (PEM) or a `ron key new` file (default: <data dir>/identity.key, the node operator key)" };
        var data = new Option<string?>("--data") { Description = "node data dir whose identity.key signs (default: RON_DATA_DIR or the default data dir)" };
        var rps = new Option<uint>("--rps") { Description = "caveat: requests per second (0 = none)" };
        var bpd = new Option<ulong>("--bytes-per-day") { Description = "caveat: bytes per day (0 = none)" };
        var maxObj = new Option<ulong>("--max-object-size") { Description = "caveat: largest object in bytes (0 = none)" };
        var issue = new Command("issue", "sign a capability and print its text form (RON_CAP)") { tenant, ops, ttl, key, data, rps, bpd, maxObj };
        issue.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            try
            {
                var keyPath = parse.GetValue(key) ?? Path.Combine(parse.GetValue(data) ?? Environment.GetEnvironmentVariable("RON_DATA_DIR") ?? Config.NodeConfigLoader.DefaultDataDir(), "identity.key");
                var issuer = new CapIssuer(await CapKeyFile.ReadSeedAsync(keyPath, ct).ConfigureAwait(false));
                var t = UInt128.TryParse(parse.GetValue(tenant), NumberStyles.None, CultureInfo.InvariantCulture, out var tv) ? tv : throw new ArgumentException($"--tenant '{parse.GetValue(tenant)}' must be a decimal u128");
                var now = DateTimeOffset.UtcNow;
                var token = issuer.Issue(
                    t,
                    parse.GetValue(ops)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CapOp.Parse),
                    now,
                    now + ParseTtl(parse.GetValue(ttl)!),
                    new CapCaveats(NullIfZero(parse.GetValue(rps)), NullIfZero(parse.GetValue(bpd)), NullIfZero(parse.GetValue(maxObj))));
                if (json)
                {
                    var fields = Fields(token, null);
                    fields["token"] = token.ToText();
                    CliOutput.Json(fields);
                }
                else
                {
                    Console.WriteLine(token.ToText());
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or FormatException or UnauthorizedAccessException)
            {
                return CliOutput.Error(e, json);
            }
        });

        var text = new Argument<string>("token") { Description = "the capability text (RON_CAP)" };
        var trust = new Option<string?>("--issuer") { Description = "issuer public key (64 hex) to verify the signature against (default: only the signer it names is shown)" };
        var inspect = new Command("inspect", "decode a capability and print its fields and validity") { text, trust };
        inspect.SetAction(parse =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            try
            {
                var raw = parse.GetValue(text)!.Trim();
                var token = CapToken.FromText(raw);
                var trusted = parse.GetValue(trust) is { } hex ? Convert.FromHexString(hex) : token.Issuer;
                var verdict = new CapVerifier([trusted]).Authenticate(System.Text.Encoding.ASCII.GetBytes(raw), DateTimeOffset.UtcNow);
                var fields = Fields(token, verdict);
                if (json)
                {
                    CliOutput.Json(fields);
                }
                else
                {
                    foreach (var (k, v) in fields)
                    {
                        Console.WriteLine($"{k}: {(v is IEnumerable<string> list ? string.Join(",", list) : Convert.ToString(v, CultureInfo.InvariantCulture))}");
                    }
                }

                return verdict.Ok ? 0 : 2;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return CliOutput.Error(e, json);
            }
        });

        return new Command("cap", "capabilities: issue and inspect RON_CAP tokens") { issue, inspect };
    }

    internal static TimeSpan ParseTtl(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new ArgumentException($"--ttl '{text}' must be a positive number with a unit s, m, h or d (e.g. 1h)");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new ArgumentException($"--ttl '{text}' has unit '{unit}'; use s, m, h or d"),
        };
    }

    private static Dictionary<string, object?> Fields(CapToken t, CapVerdict? verdict)
    {
        var d = new Dictionary<string, object?>
        {
            ["id"] = t.IdHex,
            ["tenant"] = t.Tenant.ToString(CultureInfo.InvariantCulture),
            ["ops"] = t.Ops.Select(o => o.ToString()).ToArray(),
            ["issued_at"] = t.IssuedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["expires_at"] = t.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["issuer"] = t.IssuerHex,
            ["rps"] = t.Caveats.Rps,
            ["bytes_per_day"] = t.Caveats.BytesPerDay,
            ["max_object_size"] = t.Caveats.MaxObjectSize,
        };
        if (verdict is { } v)
        {
            d["valid"] = v.Ok;
            d["reason"] = v.Ok ? null : v.Failure.Reason();
            d["message"] = v.Message;
        }

        return d;
    }

    private static uint? NullIfZero(uint n) => n == 0 ? null : n;

    private static ulong? NullIfZero(ulong n) => n == 0 ? null : n;
}
