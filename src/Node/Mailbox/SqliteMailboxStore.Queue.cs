namespace RustyOnions.Node.Mailbox;

public sealed partial class SqliteMailboxStore
{
    /// <inheritdoc />
    public ValueTask<SendResult> SendAsync(UInt128 tenant, string topic, ReadOnlyMemory<byte> body, bool isText, string? idempotencyKey, CancellationToken ct)
    {
        _opts.CheckSend(topic, body.Length, idempotencyKey);
        var tenantKey = TenantKey.ToBytes(tenant);
        var copy = body.ToArray(); // the caller's buffer may be pooled; the write runs later
        return new ValueTask<SendResult>(WriteAsync(() => Send(tenantKey, topic, copy, isText, idempotencyKey), ct));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MailboxMessage>> RecvAsync(UInt128 tenant, string topic, int max, TimeSpan visibility, CancellationToken ct)
    {
        _opts.CheckRecv(topic, max, visibility);
        var tenantKey = TenantKey.ToBytes(tenant);
        return new ValueTask<IReadOnlyList<MailboxMessage>>(WriteAsync(() => Recv(tenantKey, topic, max, visibility), ct));
    }

    /// <summary>Runs inside a group-commit transaction (savepoint); idempotency sees earlier writes of the batch.</summary>
    private SendResult Send(byte[] tenantKey, string topic, byte[] body, bool isText, string? idempotencyKey)
    {
        var now = NowMs();
        if (idempotencyKey is not null)
        {
            _cmd.FindKey.Parameters["$tenant"].Value = tenantKey;
            _cmd.FindKey.Parameters["$topic"].Value = topic;
            _cmd.FindKey.Parameters["$key"].Value = idempotencyKey;
            _cmd.FindKey.Parameters["$cutoff"].Value = KeyCutoffMs();
            if (_cmd.FindKey.ExecuteScalar() is string original)
            {
                return new SendResult(original, Duplicate: true);
            }
        }

        var id = _ids.Next();
        var p = _cmd.Insert.Parameters;
        p["$id"].Value = id;
        p["$tenant"].Value = tenantKey;
        p["$topic"].Value = topic;
        p["$body"].Value = body;
        p["$text"].Value = isText ? 1 : 0;
        p["$now"].Value = now;
        p["$key"].Value = (object?)idempotencyKey ?? DBNull.Value;
        _cmd.Insert.ExecuteNonQuery();
        if (idempotencyKey is not null)
        {
            var k = _cmd.PutKey.Parameters;
            k["$tenant"].Value = tenantKey;
            k["$topic"].Value = topic;
            k["$key"].Value = idempotencyKey;
            k["$id"].Value = id;
            k["$now"].Value = now;
            _cmd.PutKey.ExecuteNonQuery();
        }

        return new SendResult(id, Duplicate: false);
    }

    private IReadOnlyList<MailboxMessage> Recv(byte[] tenantKey, string topic, int max, TimeSpan visibility)
    {
        var now = NowMs();
        var p = _cmd.Recv.Parameters;
        p["$until"].Value = now + (long)visibility.TotalMilliseconds;
        p["$tenant"].Value = tenantKey;
        p["$topic"].Value = topic;
        p["$now"].Value = now;
        p["$max"].Value = max;
        var list = new List<MailboxMessage>(Math.Min(max, 16));
        using (var r = _cmd.Recv.ExecuteReader())
        {
            while (r.Read())
            {
                list.Add(new MailboxMessage(r.GetString(0), topic, (byte[])r.GetValue(1), r.GetInt64(2) != 0, r.GetInt64(3), r.GetInt32(4)));
            }
        }

        // RETURNING gives no order guarantee; ULID order is part of the contract.
        list.Sort(static (a, b) => string.CompareOrdinal(a.MsgId, b.MsgId));
        return list;
    }
}
