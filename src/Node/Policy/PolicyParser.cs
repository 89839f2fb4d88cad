using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using RustyOnions.Node.Admission;

namespace RustyOnions.Node.Policy;

/// <summary>
/// Parses and validates a policy file (JSON, format in specs/policy.md). Every problem is reported
/// with its JSON path; unknown keys are errors so a typo never silently lifts a limit.
/// </summary>
public static class PolicyParser
{
    /// <summary>App names that may carry a quota.</summary>
    public static readonly IReadOnlyList<string> QuotaApps = GuardConfig.QuotaApps;

    private static readonly string[] EntryKeys = ["quotas", "bytes_per_day", "storage_cap_bytes", "max_object_bytes", "replication", "erasure"];

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="PolicyException"/> naming every problem.</summary>
    public static NodePolicy Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var problems = new List<string>();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new PolicyException($"policy {source}: not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyException($"policy {source}: the top level must be an object with \"defaults\" and/or \"tenants\"");
            }

            var defaults = new TenantPolicy();
            var tenants = new Dictionary<UInt128, TenantPolicy>();
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "version":
                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var v) || v != 1)
                        {
                            problems.Add($"$.version: only version 1 is known, got {p.Value.GetRawText()}");
                        }

                        break;
                    case "defaults":
                        defaults = Entry(p.Value, "$.defaults", problems);
                        break;
                    case "tenants":
                        if (p.Value.ValueKind != JsonValueKind.Object)
                        {
                            problems.Add("$.tenants: must be an object keyed by decimal tenant id");
                            break;
                        }

                        foreach (var t in p.Value.EnumerateObject())
                        {
                            if (!UInt128.TryParse(t.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                            {
                                problems.Add($"$.tenants[\"{t.Name}\"]: a tenant key must be a decimal tenant id (0..2^128-1)");
                                continue;
                            }

                            tenants[id] = Entry(t.Value, $"$.tenants[\"{t.Name}\"]", problems);
                        }

                        break;
                    default:
                        problems.Add($"$.{p.Name}: unknown key (known: version, defaults, tenants)");
                        break;
                }
            }

            if (problems.Count > 0)
            {
                throw new PolicyException($"policy {source} is invalid: {string.Join("; ", problems)}");
            }

            return new NodePolicy
            {
                Defaults = defaults,
                Tenants = tenants.ToFrozenDictionary(kv => kv.Key, kv => defaults.Merge(kv.Value)),
                Hash = hash,
            };
        }
    }

    private static TenantPolicy Entry(JsonElement e, string path, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: must be an object");
            return new TenantPolicy();
        }

        var policy = new TenantPolicy();
        foreach (var p in e.EnumerateObject())
        {
            var at = $"{path}.{p.Name}";
            switch (p.Name)
            {
                case "quotas":
                    policy = policy with { Quotas = Quotas(p.Value, at, problems) };
                    break;
                case "bytes_per_day":
                    policy = policy with { BytesPerDay = Long(p.Value, at, problems, min: 1) };
                    break;
                case "storage_cap_bytes":
                    policy = policy with { StorageCapBytes = Long(p.Value, at, problems, min: 0) };
                    break;
                case "max_object_bytes":
                    policy = policy with { MaxObjectBytes = Long(p.Value, at, problems, min: 1) };
                    break;
                case "replication":
                    var (factor, quorum) = Pair(p.Value, at, "factor", "write_quorum", problems, 1, 1000);
                    if (factor is { } f && quorum is { } q && q > f)
                    {
                        problems.Add($"{at}.write_quorum: {q} exceeds factor {f}");
                    }

                    policy = policy with { ReplicationFactor = factor, WriteQuorum = quorum };
                    break;
                case "erasure":
                    var (data, parity) = Pair(p.Value, at, "data", "parity", problems, 1, 255);
                    if (data + parity > 255)
                    {
                        problems.Add($"{at}: data + parity = {data + parity} exceeds 255 shards (GF(2^8))");
                    }

                    policy = policy with { ErasureData = data, ErasureParity = parity };
                    break;
                default:
                    problems.Add($"{at}: unknown key (known: {string.Join(", ", EntryKeys)})");
                    break;
            }
        }

        return policy;
    }

    private static Dictionary<string, QuotaRule?> Quotas(JsonElement e, string path, List<string> problems)
    {
        var quotas = new Dictionary<string, QuotaRule?>(StringComparer.Ordinal);
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: must be an object keyed by app ({string.Join(", ", QuotaApps)})");
            return quotas;
        }

        foreach (var app in e.EnumerateObject())
        {
            var at = $"{path}.{app.Name}";
            if (!QuotaApps.Contains(app.Name))
            {
                problems.Add($"{at}: no app named '{app.Name}' can carry a quota (known: {string.Join(", ", QuotaApps)})");
                continue;
            }

            if (app.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{at}: must be an object {{\"rps\": N, \"burst\": N}}");
                continue;
            }

            double? rps = null;
            double? burst = null;
            var hasRps = false;
            foreach (var p in app.Value.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "rps":
                        hasRps = true;
                        rps = Real(p.Value, $"{at}.rps", problems, 0);
                        break;
                    case "burst":
                        burst = Real(p.Value, $"{at}.burst", problems, 1);
                        break;
                    default:
                        problems.Add($"{at}.{p.Name}: unknown key (known: rps, burst)");
                        break;
                }
            }

            if (!hasRps)
            {
                problems.Add($"{at}.rps: required (0 = unlimited)");
            }
            else if (rps is not null)
            {
                quotas[app.Name] = rps == 0 ? null : new QuotaRule(rps.Value, burst ?? Math.Max(1, Math.Ceiling(rps.Value)));
            }
        }

        return quotas;
    }

    private static (int? A, int? B) Pair(JsonElement e, string path, string a, string b, List<string> problems, int min, int max)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: must be an object {{\"{a}\": N, \"{b}\": N}}");
            return (null, null);
        }

        int? x = null;
        int? y = null;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == a)
            {
                x = (int?)Long(p.Value, $"{path}.{a}", problems, min, max);
            }
            else if (p.Name == b)
            {
                y = (int?)Long(p.Value, $"{path}.{b}", problems, min, max);
            }
            else
            {
                problems.Add($"{path}.{p.Name}: unknown key (known: {a}, {b})");
            }
        }

        return (x, y);
    }

    private static long? Long(JsonElement e, string path, List<string> problems, long min, long max = long.MaxValue)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= min && n <= max)
        {
            return n;
        }

        problems.Add($"{path}: must be an integer in {min}..{(max == long.MaxValue ? "2^63-1" : max.ToString(CultureInfo.InvariantCulture))}, got {e.GetRawText()}");
        return null;
    }

    private static double? Real(JsonElement e, string path, List<string> problems, double min)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var n) && double.IsFinite(n) && n >= min)
        {
            return n;
        }

        problems.Add($"{path}: must be a number >= {min.ToString(CultureInfo.InvariantCulture)}, got {e.GetRawText()}");
        return null;
    }
}
