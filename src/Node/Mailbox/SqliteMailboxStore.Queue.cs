namespace RustyOnions.Node.Mailbox;

public sealed partial class SqliteMailboxStore
{
    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(UInt128 tenant, string topic, ReadOnlyMemory<byte> body, bool isText, string? idempotencyKey, CancellationToken ct)
    {
        _opts.CheckSend(topic, body.Length, idempotencyKey);
        var tenantKey = TenantKey.ToBytes(tenant);
        await EnterAsync(ct).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            foreach (var cmd in new[] { _cmd.FindKey, _cmd.PutKey, _cmd.Insert })
            {
                cmd.Transaction = tx;
            }

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
            p["$body"].Value = body.ToArray();
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

            tx.Commit();
            return new SendResult(id, Duplicate: false);
        }
        finally
        {
            _cmd.FindKey.Transaction = _cmd.PutKey.Transaction = _cmd.Insert.Transaction = null;
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MailboxMessage>> RecvAsync(UInt128 tenant, string topic, int max, TimeSpan visibility, CancellationToken ct)
    {
        _opts.CheckRecv(topic, max, visibility);
        await EnterAsync(ct).ConfigureAwait(false);
        try
        {
            var now = NowMs();
            var p = _cmd.Recv.Parameters;
            p["$until"].Value = now + (long)visibility.TotalMilliseconds;
            p["$tenant"].Value = TenantKey.ToBytes(tenant);
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
        finally
        {
            _gate.Release();
        }
    }
}
