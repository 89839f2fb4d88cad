using System.Globalization;
using Prometheus;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Metrics;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Policy;

/// <summary>
/// The policy in force and the outcome of the last load. A reload swaps one reference (and the
/// quota table's rule set), so requests see either the old or the new policy, never a mix. An
/// invalid file leaves the previous policy in force; metrics and /readyz say so.
/// </summary>
public sealed class PolicyState
{
    private readonly QuotaTable? _quotas;
    private readonly IReadOnlyDictionary<ushort, QuotaRule> _baseRules;
    private readonly Counter? _reloads;
    private readonly Gauge? _valid;
    private readonly Gauge? _loadedAt;
    private volatile NodePolicy? _current;
    private volatile string? _lastError;

    /// <summary>Creates the state; <paramref name="file"/> null means no policy is configured.</summary>
    public PolicyState(string? file, QuotaTable? quotas, GuardOpts guard, NodeMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(guard);
        File = file;
        _quotas = quotas;
        _baseRules = AppRules(guard.Quotas);
        if (metrics is not null)
        {
            var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
            _reloads = f.CreateCounter("ron_policy_reload_total", "Policy file loads by result (ok, invalid).", "result");
            _valid = f.CreateGauge("ron_policy_valid", "1 when the last policy load succeeded, 0 when it was rejected (the previous policy stays in force).");
            _loadedAt = f.CreateGauge("ron_policy_loaded_timestamp_seconds", "Unix time the policy in force was loaded.");
            _reloads.WithLabels("ok");
            _reloads.WithLabels("invalid");
            _valid.Set(file is null ? 1 : 0);
        }
    }

    /// <summary>The policy file, or null when none is configured.</summary>
    public string? File { get; }

    /// <summary>The policy in force, or null (no file, or none valid loaded yet).</summary>
    public NodePolicy? Current => _current;

    /// <summary>The last load's error, or null when it succeeded.</summary>
    public string? LastError => _lastError;

    /// <summary>When the policy in force was loaded.</summary>
    public DateTimeOffset? LoadedAt { get; private set; }

    /// <summary>Successful loads.</summary>
    public long Loads { get; private set; }

    /// <summary>Rejected loads.</summary>
    public long Rejections { get; private set; }

    /// <summary>Why the node is not ready because of its policy, or null.</summary>
    public string? NotReadyReason => File is not null && _current is null ? "policy_invalid: " + (_lastError ?? "not loaded yet") : null;

    /// <summary>The limits for <paramref name="tenant"/>, or null when no policy is in force.</summary>
    public TenantPolicy? For(UInt128 tenant) => _current?.For(tenant);

    /// <summary>Puts <paramref name="policy"/> in force.</summary>
    public void Apply(NodePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (_quotas is not null)
        {
            var apps = new Dictionary<ushort, QuotaRule>(_baseRules);
            foreach (var (name, rule) in policy.Defaults.Quotas)
            {
                if (rule is null)
                {
                    foreach (var id in QuotaApps.Ids(name))
                    {
                        apps.Remove(id);
                    }
                }
                else
                {
                    foreach (var id in QuotaApps.Ids(name))
                    {
                        apps[id] = rule;
                    }
                }
            }

            var tenants = new Dictionary<(UInt128, ushort), QuotaRule?>();
            foreach (var (tenant, p) in policy.Tenants)
            {
                foreach (var (name, rule) in p.Quotas)
                {
                    foreach (var id in QuotaApps.Ids(name))
                    {
                        tenants[(tenant, id)] = rule;
                    }
                }
            }

            _quotas.SetRules(apps, tenants);
        }

        _current = policy;
        _lastError = null;
        LoadedAt = DateTimeOffset.UtcNow;
        Loads++;
        _reloads?.WithLabels("ok").Inc();
        _valid?.Set(1);
        _loadedAt?.Set(LoadedAt.Value.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>Records a rejected load; the previous policy stays in force.</summary>
    public void Reject(string error)
    {
        _lastError = error;
        Rejections++;
        _reloads?.WithLabels("invalid").Inc();
        _valid?.Set(0);
    }

    /// <summary>The /readyz "policy" object.</summary>
    public Dictionary<string, object?> ToJson()
    {
        var body = new Dictionary<string, object?>
        {
            ["file"] = File,
            ["valid"] = _lastError is null,
            ["in_force"] = _current is not null,
            ["loads"] = Loads,
            ["rejections"] = Rejections,
        };
        if (_current is { } c)
        {
            body["sha256"] = c.Hash;
            body["loaded_at"] = LoadedAt?.ToString("O", CultureInfo.InvariantCulture);
        }

        if (_lastError is { } e)
        {
            body["error"] = e;
        }

        return body;
    }

    private static Dictionary<ushort, QuotaRule> AppRules(IReadOnlyDictionary<string, QuotaRule> quotas)
    {
        var rules = new Dictionary<ushort, QuotaRule>();
        foreach (var (name, rule) in quotas)
        {
            foreach (var id in QuotaApps.Ids(name))
            {
                rules[id] = rule;
            }
        }

        return rules;
    }
}
