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
    /// seq and breaks same-seq ties deterministically), and returns what the local store then holds. With a
    /// <paramref name="local"/> record, answers as soon as a majority of the federation (this node included) holds
    /// exactly that record; the slower members' answers are still verified and stored when they arrive.
    /// </summary>
    public async Task<NameRecord?> FanOutResolveAsync(string name, CancellationToken ct, NameRecord? local = null)
    {
        if (Members.Count == 0)
        {
            return local;
        }

        var quorum = ((Members.Count + 1) / 2) + 1;
        var agreeing = local is null ? 0 : 1;
        var pending = new List<Task<bool>>(Members.Count);
        foreach (var m in Members)
        {
            pending.Add(ResolveAndIngestAsync(m, name, local, ct));
        }

        while (pending.Count > 0 && agreeing < quorum)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (await done.ConfigureAwait(false))
            {
                agreeing++;
            }
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

    /// <summary>One member's answer: true when it holds exactly <paramref name="local"/>; any other valid answer is ingested.</summary>
    private async Task<bool> ResolveAndIngestAsync(FederationMember member, string name, NameRecord? local, CancellationToken ct)
    {
        var answer = await ResolveOneAsync(member, name, ct).ConfigureAwait(false);
        if (answer is null || !string.Equals(answer.Name, name, StringComparison.Ordinal))
        {
            return false;
        }

        if (local is not null && answer.Equals(local))
        {
            return true;
        }

        try
        {
            await IngestAsync([answer], "resolve", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            LogResolveFailed(_log, member.Address.ToString(), name, "storing its answer failed: " + e.Message);
        }

        return false;
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
