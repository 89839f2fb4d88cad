using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Erasure;

/// <summary>
/// Gathers k verified shards of one segment into a buffer (shard i at i·S): first asks the first k
/// peers of the stripe's rendezvous order for shards 0..k-1 in parallel, one more shard when one lags
/// (<see cref="ErasureOpts.HedgeDelay"/>) or fails; once a fast-path ask misses, one have-sweep locates
/// every shard and the rest are asked from their real holders.
/// </summary>
internal sealed class SegmentFetcher
{
    private readonly ErasureContext _ctx;
    private readonly ManifestSegment _segment;
    private readonly byte[] _buffer;
    private readonly int _shardSize;
    private readonly int _k;
    private readonly int _n;
    private readonly List<PeerId> _ranked;
    private readonly Queue<PeerId>[] _candidates;
    private List<PeerId>[]? _located;

    public SegmentFetcher(ErasureContext ctx, ObjectManifest manifest, ManifestSegment segment, byte[] buffer, int shardSize)
    {
        _ctx = ctx;
        _segment = segment;
        _buffer = buffer;
        _shardSize = shardSize;
        _k = manifest.DataShards;
        _n = manifest.TotalShards;
        _ranked = ctx.RankStripe(segment);
        _candidates = new Queue<PeerId>[_n];
        for (var i = 0; i < _n; i++)
        {
            _candidates[i] = new Queue<PeerId>();
            _candidates[i].Enqueue(_ranked[i % _ranked.Count]);
        }
    }

    private long _bytesFetched;

    /// <summary>Bytes fetched from peers (not counting shards this node held).</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    /// <summary>Fetches at least k verified shards, preferring data shards; returns which shards are present.</summary>
    /// <exception cref="ErasureUnavailableException">Fewer than k shards could be found.</exception>
    public async Task<bool[]> FetchAsync(CancellationToken ct)
    {
        var present = new bool[_n];
        var failed = new bool[_n];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A list, not a dictionary keyed by task: synchronously completed Task<bool>s are shared instances.
        var pending = new List<Task<(int Shard, bool Ok)>>();
        var started = new bool[_n];
        var order = Enumerable.Range(0, _n).ToList();
        var have = 0;
        void Start(int i)
        {
            var peer = _candidates[i].Dequeue();
            started[i] = true;
            failed[i] = false;
            pending.Add(Fetch(peer, i, cts.Token));
        }

        foreach (var i in order.Take(_k))
        {
            Start(i);
        }

        var hedge = _ctx.Opts.HedgeDelay > TimeSpan.Zero ? Task.Delay(_ctx.Opts.HedgeDelay, cts.Token) : null;
        try
        {
            while (have < _k)
            {
                if (have + pending.Count < _k && !await StartAnotherAsync(order, started, failed, present, Start, ct).ConfigureAwait(false))
                {
                    if (pending.Count == 0)
                    {
                        throw new ErasureUnavailableException($"segment with stripe key {_segment.StripeKey()} has only {have} of the {_k} shards needed reachable");
                    }
                }

                if (pending.Count == 0)
                {
                    continue;
                }

                IEnumerable<Task> waitOn = pending;
                if (hedge is not null)
                {
                    waitOn = waitOn.Append(hedge);
                }

                var done = await Task.WhenAny(waitOn).ConfigureAwait(false);
                if (done == hedge)
                {
                    hedge = null;
                    await StartAnotherAsync(order, started, failed, present, Start, ct).ConfigureAwait(false);
                    continue;
                }

                var t = (Task<(int Shard, bool Ok)>)done;
                pending.Remove(t);
                var (shard, ok) = await t.ConfigureAwait(false);
                if (ok)
                {
                    present[shard] = true;
                    have++;
                }
                else
                {
                    failed[shard] = true;
                }
            }
        }
        finally
        {
            // Nothing may still write into the buffer once the caller decodes from it.
            await cts.CancelAsync().ConfigureAwait(false);
            foreach (var t in pending)
            {
                try
                {
                    await t.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        return present;
    }

    /// <summary>
    /// Starts one more fetch: a failed shard with another candidate holder, else a shard not yet asked
    /// (data before parity). The first time the fast path runs out, one have-sweep finds the real holders.
    /// </summary>
    private async Task<bool> StartAnotherAsync(List<int> order, bool[] started, bool[] failed, bool[] present, Action<int> start, CancellationToken ct)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var i in order)
            {
                if (!present[i] && (!started[i] || failed[i]) && _candidates[i].Count > 0)
                {
                    start(i);
                    return true;
                }
            }

            if (_located is not null)
            {
                return false;
            }

            _located = await _ctx.LocateAsync(_segment, _ranked, ct).ConfigureAwait(false);
            for (var i = 0; i < _n; i++)
            {
                _candidates[i].Clear();
                if (!present[i])
                {
                    foreach (var p in _located[i])
                    {
                        _candidates[i].Enqueue(p);
                    }
                }
            }
        }

        return false;
    }

    private async Task<(int Shard, bool Ok)> Fetch(PeerId peer, int shard, CancellationToken ct)
    {
        var ok = await _ctx.FetchShardAsync(peer, _segment.Shards[shard], _buffer.AsMemory(shard * _shardSize, _shardSize), ct).ConfigureAwait(false);
        if (ok && peer != _ctx.Self)
        {
            Interlocked.Add(ref _bytesFetched, _shardSize);
        }

        return (shard, ok);
    }
}
