using RustyOnions.Node.Metrics;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Admission;

/// <summary>
/// Decides at a request's START frame whether it runs: first the tenant's quota for the app, then
/// the node-wide in-flight gate. HELLO is exempt from both (it is tiny and clients need it to
/// learn the limits). Allocation-free on the hot path.
/// </summary>
public sealed class AdmissionControl
{
    private readonly GuardMetrics _metrics;
    private readonly int _overloadRetryAfterMs;
    private readonly int _readyPct;

    /// <summary>Creates admission control.</summary>
    public AdmissionControl(InflightGate gate, QuotaTable quotas, GuardMetrics metrics, GuardOpts opts)
    {
        Gate = gate;
        Quotas = quotas;
        _metrics = metrics;
        _overloadRetryAfterMs = opts.OverloadRetryAfterMs;
        _readyPct = opts.ReadyOverloadPct;
        metrics.SetInflightLimit(gate.Max);
        metrics.Registry.AddBeforeCollectCallback(() => metrics.PublishQuotas(quotas));
    }

    /// <summary>Builds admission control for a node.</summary>
    public static AdmissionControl Create(int maxInflight, GuardOpts opts, NodeMetrics node, TimeProvider time)
    {
        var rules = new Dictionary<ushort, QuotaRule>();
        foreach (var (app, rule) in opts.Quotas)
        {
            var ids = QuotaApps.Ids(app);
            foreach (var id in ids)
            {
                rules[id] = rule;
            }
        }

        return new AdmissionControl(new InflightGate(maxInflight), new QuotaTable(rules, opts.QuotaMaxTenants, time), new GuardMetrics(node), opts);
    }

    /// <summary>The in-flight gate.</summary>
    public InflightGate Gate { get; }

    /// <summary>The quota buckets.</summary>
    public QuotaTable Quotas { get; }

    /// <summary>The guard metrics.</summary>
    public GuardMetrics Metrics => _metrics;

    /// <summary>"overloaded" when in-flight reached the ready threshold, else null.</summary>
    public string? NotReadyReason => Gate.IsAbove(_readyPct) ? "overloaded" : null;

    /// <summary>True when requests for <paramref name="app"/> pass through the gate (all but HELLO).</summary>
    public static bool IsGated(ushort app) => app != OapAppId.Hello;

    /// <summary>Admits or refuses a new request; on refusal <paramref name="retryAfterMs"/> is the hint to send.</summary>
    public AdmissionDecision TryAdmit(UInt128 tenant, ushort app, out long retryAfterMs)
    {
        if (!IsGated(app))
        {
            retryAfterMs = 0;
            return AdmissionDecision.Admitted;
        }

        if (!Quotas.TryTake(tenant, app, out retryAfterMs))
        {
            _metrics.OverQuota();
            return AdmissionDecision.OverQuota;
        }

        if (!Gate.TryEnter())
        {
            _metrics.Overload();
            retryAfterMs = _overloadRetryAfterMs;
            return AdmissionDecision.Overload;
        }

        return AdmissionDecision.Admitted;
    }

    /// <summary>Ends an admitted request of <paramref name="app"/>.</summary>
    public void Release(ushort app)
    {
        if (IsGated(app))
        {
            Gate.Exit();
        }
    }
}
