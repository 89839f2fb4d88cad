using Microsoft.Extensions.Logging;
using RustyOnions.Index;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Index;

/// <summary>
/// The static federation: pushes accepted publishes to every member, fans resolves out when the local
/// store has no record, and stores records received from members only after verifying them
/// (signature + namespace). Members that fail are skipped; anti-entropy (<see cref="AntiEntropyService"/>) catches them up.
/// </summary>
internal sealed partial class IndexFederation : IAsyncDisposable
{
    private readonly Func<IIndexStore> _store;
    private readonly IndexMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeSpan _timeout;

    public IndexFederation(IndexOpts opts, PeerId self, Func<IIndexStore> store, IndexMetrics metrics, ILogger<IndexFederation> log)
    {
        _store = store;
        _metrics = metrics;
        _log = log;
        _timeout = opts.MemberTimeout;
        Members = opts.Federation.Where(a => a.PeerId != self).Distinct().Select(a => new FederationMember(a, opts.MemberTimeout)).ToArray();
    }

    public IReadOnlyList<FederationMember> Members { get; }

    /// <summary>Pushes <paramref name="records"/> to every member in parallel; returns how many acknowledged.</summary>
    public async Task<int> PushAsync(IReadOnlyList<NameRecord> records, CancellationToken ct)
    {
        if (Members.Count == 0 || records.Count == 0)
        {
            return 0;
        }

        var results = await Task.WhenAll(Members.Select(m => PushOneAsync(m, records, ct))).ConfigureAwait(false);
        return results.Count(ok => ok);
    }

    /// <summary>
    /// Asks every member for <paramref name="name"/> in parallel, stores the valid answers locally (the store keeps the highest
    /// seq and breaks same-seq ties deterministically), and returns what the local store then holds.
    /// </summary>
    public async Task<NameRecord?> FanOutResolveAsync(string name, CancellationToken ct)
    {
        if (Members.Count == 0)
        {
            return null;
        }

        var answers = await Task.WhenAll(Members.Select(m => ResolveOneAsync(m, name, ct))).ConfigureAwait(false);
        var valid = answers.Where(r => r is not null && string.Equals(r.Name, name, StringComparison.Ordinal)).Select(r => r!).ToList();
        if (valid.Count > 0)
        {
            await IngestAsync(valid, "resolve", ct).ConfigureAwait(false);
        }

        return await _store().ResolveAsync(name, ct).ConfigureAwait(false);
    }

    /// <summary>Verifies each record from a member and stores the valid ones; invalid ones are logged, counted and dropped.</summary>
    public async Task IngestAsync(IReadOnlyList<NameRecord> records, string via, CancellationToken ct)
    {
        var valid = new List<NameRecord>(records.Count);
        var store = _store();
        foreach (var r in records)
        {
            // Anti-entropy re-reads records we already hold (ours echoed back, or pushed earlier): an index
            // read is far cheaper than an Ed25519 verification, and the held record was verified when stored.
            if (await store.ResolveAsync(r.Name, ct).ConfigureAwait(false) is { } held && (held.Seq > r.Seq || held.Equals(r)))
            {
                continue;
            }

            if (r.TryVerify(out var error))
            {
                valid.Add(r);
            }
            else
            {
                _metrics.Rejected(error.WireCode);
                LogRejected(_log, r.Name, via, error.WireCode, error.Message);
            }
        }

        if (valid.Count > 0)
        {
            var results = await store.PublishManyAsync(valid, ct).ConfigureAwait(false);
            _metrics.Ingested(results.Count(x => x.Stored));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var m in Members)
        {
            await m.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> PushOneAsync(FederationMember member, IReadOnlyList<NameRecord> records, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_timeout);
            await member.CallAsync((c, t) => c.PublishManyAsync(records, replicate: false, t), timeout.Token).ConfigureAwait(false);
            _metrics.Pushed(true);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            _metrics.Pushed(false);
            LogPushFailed(_log, member.Address.ToString(), e.Message);
            return false;
        }
    }

    private async Task<NameRecord?> ResolveOneAsync(FederationMember member, string name, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_timeout);
            return await member.CallAsync((c, t) => c.ResolveAsync(name, fanOut: false, ct: t), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            LogResolveFailed(_log, member.Address.ToString(), name, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "index record {Name} from a member ({Via}) rejected: {Code} {Reason}")]
    private static partial void LogRejected(ILogger log, string name, string via, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "index push to {Member} failed (anti-entropy will catch it up): {Reason}")]
    private static partial void LogPushFailed(ILogger log, string member, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "index resolve of {Name} at {Member} failed: {Reason}")]
    private static partial void LogResolveFailed(ILogger log, string member, string name, string reason);
}
