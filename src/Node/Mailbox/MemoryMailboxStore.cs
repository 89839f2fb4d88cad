namespace RustyOnions.Node.Mailbox;

/// <summary>The amnesia-mode mailbox: same semantics as <see cref="SqliteMailboxStore"/>, nothing on disk.</summary>
public sealed class MemoryMailboxStore : IMailboxStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(UInt128 Tenant, string Topic), SortedList<string, Entry>> _queues = [];
    private readonly Dictionary<(UInt128 Tenant, string MsgId), string> _topicOf = [];
    private readonly Dictionary<(UInt128 Tenant, string Topic, string Key), (string MsgId, long CreatedMs)> _keys = [];
    private readonly MailboxOpts _opts;
    private readonly TimeProvider _time;
    private readonly MonotonicUlid _ids;

    /// <summary>Creates an empty mailbox.</summary>
    public MemoryMailboxStore(MailboxOpts opts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentNullException.ThrowIfNull(time);
        opts.Validate();
        _opts = opts;
        _time = time;
        _ids = new MonotonicUlid(time);
    }

    /// <inheritdoc />
    public ValueTask<SendResult> SendAsync(UInt128 tenant, string topic, ReadOnlyMemory<byte> body, bool isText, string? idempotencyKey, CancellationToken ct)
    {
        _opts.CheckSend(topic, body.Length, idempotencyKey);
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var now = NowMs();
            if (idempotencyKey is not null && _keys.TryGetValue((tenant, topic, idempotencyKey), out var seen) && seen.CreatedMs > KeyCutoffMs())
            {
                return ValueTask.FromResult(new SendResult(seen.MsgId, Duplicate: true));
            }

            var id = _ids.Next();
            if (!_queues.TryGetValue((tenant, topic), out var queue))
            {
                queue = new SortedList<string, Entry>(StringComparer.Ordinal);
                _queues[(tenant, topic)] = queue;
            }

            queue.Add(id, new Entry(body.ToArray(), isText, now) { VisibleAtMs = now });
            _topicOf[(tenant, id)] = topic;
            if (idempotencyKey is not null)
            {
                _keys[(tenant, topic, idempotencyKey)] = (id, now);
            }

            return ValueTask.FromResult(new SendResult(id, Duplicate: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MailboxMessage>> RecvAsync(UInt128 tenant, string topic, int max, TimeSpan visibility, CancellationToken ct)
    {
        _opts.CheckRecv(topic, max, visibility);
        ct.ThrowIfCancellationRequested();
        var result = new List<MailboxMessage>();
        lock (_lock)
        {
            if (_queues.TryGetValue((tenant, topic), out var queue))
            {
                var now = NowMs();
                foreach (var (id, entry) in queue)
                {
                    if (result.Count == max)
                    {
                        break;
                    }

                    if (entry.VisibleAtMs <= now)
                    {
                        entry.VisibleAtMs = now + (long)visibility.TotalMilliseconds;
                        entry.DeliveryCount++;
                        result.Add(new MailboxMessage(id, topic, entry.Body, entry.IsText, entry.CreatedMs, entry.DeliveryCount));
                    }
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<MailboxMessage>>(result);
    }

    /// <inheritdoc />
    public ValueTask<bool> AckAsync(UInt128 tenant, string msgId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(msgId);
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_topicOf.Remove((tenant, msgId), out var topic))
            {
                return ValueTask.FromResult(false);
            }

            var queue = _queues[(tenant, topic)];
            queue.Remove(msgId);
            if (queue.Count == 0)
            {
                _queues.Remove((tenant, topic));
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CleanupExpiredKeysAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var cutoff = KeyCutoffMs();
            var expired = _keys.Where(kv => kv.Value.CreatedMs <= cutoff).Select(kv => kv.Key).ToList();
            foreach (var key in expired)
            {
                _keys.Remove(key);
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Amnesia: message bodies must not outlive the node in freed memory.
        lock (_lock)
        {
            foreach (var queue in _queues.Values)
            {
                foreach (var entry in queue.Values)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(entry.Body);
                }
            }

            _queues.Clear();
            _topicOf.Clear();
            _keys.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long KeyCutoffMs() => NowMs() - (long)_opts.IdempotencyRetention.TotalMilliseconds;

    private sealed record Entry(byte[] Body, bool IsText, long CreatedMs)
    {
        public long VisibleAtMs { get; set; }

        public int DeliveryCount { get; set; }
    }
}
