using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Accounting;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Config;
using RustyOnions.Node.Metrics;

namespace RustyOnions.Node.Policy;

/// <summary>
/// A node's accounting and policy, wired together: the usage ledger (accounting.db, or memory in
/// amnesia), the policy state and its file watcher, and the storage limits that read both.
/// </summary>
public sealed class NodeGovernance : IAsyncDisposable
{
    private readonly NodeOpts _opts;
    private PolicyWatcher? _watcher;

    private NodeGovernance(NodeOpts opts, UsageLedger usage, PolicyState policy)
    {
        _opts = opts;
        Usage = usage;
        Policy = policy;
        Limits = new TenantLimits(policy, usage);
    }

    /// <summary>The usage ledger.</summary>
    public UsageLedger Usage { get; }

    /// <summary>The policy in force.</summary>
    public PolicyState Policy { get; }

    /// <summary>The storage byte limits.</summary>
    public TenantLimits Limits { get; }

    /// <summary>Opens the ledger (loading stored totals) and the policy state; no file is read yet.</summary>
    public static NodeGovernance Create(NodeOpts opts, AdmissionControl admission, NodeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentNullException.ThrowIfNull(admission);
        var store = opts.Amnesia ? null : UsageStore.Open(Path.Combine(opts.DataDir, "accounting.db"));
        var usage = new UsageLedger(store, opts.Accounting, TimeProvider.System);
        UsageMetrics.Register(metrics, usage);
        return new NodeGovernance(opts, usage, new PolicyState(opts.PolicyFile, admission.Quotas, opts.Guard, metrics));
    }

    /// <summary>Maps /usage, loads the policy file (if any) and starts watching it.</summary>
    public void Start(WebApplication app, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(app);
        UsageEndpoint.Map(app, Usage);
        if (_opts.PolicyFile is not null)
        {
            _watcher = new PolicyWatcher(Policy, _opts.PolicyPoll, logs.CreateLogger<PolicyWatcher>());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
        }

        await Usage.DisposeAsync().ConfigureAwait(false);
    }
}
