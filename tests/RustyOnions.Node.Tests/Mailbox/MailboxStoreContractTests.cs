using System.Text;
using RustyOnions.Node.Mailbox;

namespace RustyOnions.Node.Tests.Mailbox;

/// <summary>Behaviour every <see cref="IMailboxStore"/> must show; run against SQLite and memory.</summary>
public abstract class MailboxStoreContractTests : IAsyncLifetime
{
    protected static readonly UInt128 TenantA = new(1, 2);
    protected static readonly UInt128 TenantB = new(1, 3);
    protected static readonly TimeSpan Vis = TimeSpan.FromSeconds(30);
    protected static readonly MailboxOpts Opts = new() { IdempotencyRetention = TimeSpan.FromHours(1) };
    private static readonly CancellationToken None = CancellationToken.None;

    protected ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    protected IMailboxStore Store { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Store = Create();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task Send_recv_ack_round_trip()
    {
        var sent = await Store.SendAsync(TenantA, "inbox", Encoding.UTF8.GetBytes("hello"), isText: true, null, None);

        var got = Assert.Single(await Store.RecvAsync(TenantA, "inbox", 10, Vis, None));

        Assert.False(sent.Duplicate);
        Assert.Equal(sent.MsgId, got.MsgId);
        Assert.Equal("hello", Encoding.UTF8.GetString(got.Body.Span));
        Assert.True(got.IsText);
        Assert.Equal("inbox", got.Topic);
        Assert.Equal(1, got.DeliveryCount);
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(), got.CreatedMs);
        Assert.True(await Store.AckAsync(TenantA, got.MsgId, None));
        Time.Advance(Vis * 2);
        Assert.Empty(await Store.RecvAsync(TenantA, "inbox", 10, Vis, None));
    }

    [Fact]
    public async Task Received_message_is_hidden_until_visibility_expires_then_redelivered()
    {
        var sent = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, null, None);
        Assert.Single(await Store.RecvAsync(TenantA, "t", 10, Vis, None));

        Time.Advance(Vis - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Store.RecvAsync(TenantA, "t", 10, Vis, None));

        Time.Advance(TimeSpan.FromMilliseconds(1));
        var again = Assert.Single(await Store.RecvAsync(TenantA, "t", 10, Vis, None));
        Assert.Equal(sent.MsgId, again.MsgId);
        Assert.Equal(2, again.DeliveryCount);
    }

    [Fact]
    public async Task Idempotent_resend_returns_same_id_and_delivers_once()
    {
        var first = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "k1", None);
        Time.Advance(TimeSpan.FromMinutes(10));
        var second = await Store.SendAsync(TenantA, "t", new byte[] { 2 }, false, "k1", None);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.MsgId, second.MsgId);
        var got = Assert.Single(await Store.RecvAsync(TenantA, "t", 10, Vis, None));
        Assert.Equal(new byte[] { 1 }, got.Body.ToArray());
    }

    [Fact]
    public async Task Idempotency_key_is_scoped_by_tenant_and_topic()
    {
        var a = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "k", None);
        var b = await Store.SendAsync(TenantB, "t", new byte[] { 1 }, false, "k", None);
        var c = await Store.SendAsync(TenantA, "u", new byte[] { 1 }, false, "k", None);

        Assert.False(b.Duplicate);
        Assert.False(c.Duplicate);
        Assert.Equal(3, new HashSet<string> { a.MsgId, b.MsgId, c.MsgId }.Count);
    }

    [Fact]
    public async Task Idempotency_key_is_reusable_after_retention_window()
    {
        var first = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "k", None);
        Time.Advance(Opts.IdempotencyRetention);

        var second = await Store.SendAsync(TenantA, "t", new byte[] { 2 }, false, "k", None);

        Assert.False(second.Duplicate);
        Assert.NotEqual(first.MsgId, second.MsgId);
        Assert.Equal(2, (await Store.RecvAsync(TenantA, "t", 10, Vis, None)).Count);
    }

    [Fact]
    public async Task Cleanup_forgets_only_expired_keys()
    {
        await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "old", None);
        Time.Advance(TimeSpan.FromMinutes(30));
        var young = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "young", None);
        Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(1, await Store.CleanupExpiredKeysAsync(None));
        Assert.Equal(0, await Store.CleanupExpiredKeysAsync(None));
        Assert.Equal(young.MsgId, (await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, "young", None)).MsgId);
    }

    [Fact]
    public async Task Tenants_never_see_or_ack_each_others_messages()
    {
        var a = await Store.SendAsync(TenantA, "shared", new byte[] { 1 }, false, null, None);

        Assert.Empty(await Store.RecvAsync(TenantB, "shared", 10, Vis, None));
        Assert.False(await Store.AckAsync(TenantB, a.MsgId, None));
        Assert.Single(await Store.RecvAsync(TenantA, "shared", 10, Vis, None));
    }

    [Fact]
    public async Task Ack_of_unknown_is_false_and_second_ack_is_false()
    {
        var sent = await Store.SendAsync(TenantA, "t", new byte[] { 1 }, false, null, None);

        Assert.False(await Store.AckAsync(TenantA, "01JUNKJUNKJUNKJUNKJUNKJUNK", None));
        Assert.True(await Store.AckAsync(TenantA, sent.MsgId, None));
        Assert.False(await Store.AckAsync(TenantA, sent.MsgId, None));
    }

    [Fact]
    public async Task Binary_body_round_trips_byte_for_byte()
    {
        var body = new byte[70_000];
        new Random(7).NextBytes(body);
        body[0] = 0;
        body[^1] = 0xFF;

        await Store.SendAsync(TenantA, "bin", body, false, null, None);
        var got = Assert.Single(await Store.RecvAsync(TenantA, "bin", 1, Vis, None));

        Assert.False(got.IsText);
        Assert.Equal(body, got.Body.ToArray());
    }

    [Fact]
    public async Task Messages_come_in_ulid_order_in_batches_of_max()
    {
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add((await Store.SendAsync(TenantA, "q", new[] { (byte)i }, false, null, None)).MsgId);
            if (i % 10 == 0)
            {
                Time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        var got = new List<MailboxMessage>();
        got.AddRange(await Store.RecvAsync(TenantA, "q", 10, Vis, None));
        got.AddRange(await Store.RecvAsync(TenantA, "q", 10, Vis, None));
        got.AddRange(await Store.RecvAsync(TenantA, "q", 10, Vis, None));

        Assert.Equal(ids, got.Select(m => m.MsgId));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (byte)i), got.Select(m => m.Body.Span[0]));
    }

    [Fact]
    public async Task Concurrent_sends_get_distinct_ids_and_all_are_delivered_once()
    {
        var sends = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            await Store.SendAsync(TenantA, "c", new[] { (byte)i }, false, null, None))));

        var got = new List<MailboxMessage>();
        got.AddRange(await Store.RecvAsync(TenantA, "c", 100, Vis, None));

        Assert.Equal(50, sends.Select(s => s.MsgId).Distinct().Count());
        Assert.Equal(sends.Select(s => s.MsgId).Order(StringComparer.Ordinal), got.Select(m => m.MsgId));
    }

    [Fact]
    public async Task Limits_raise_typed_errors_and_change_nothing()
    {
        async Task<MailboxErrorKind> Kind(Func<Task> call) => (await Assert.ThrowsAsync<MailboxException>(call)).Kind;

        Assert.Equal(MailboxErrorKind.InvalidTopic, await Kind(async () => await Store.SendAsync(TenantA, new string('x', 257), new byte[1], false, null, None)));
        Assert.Equal(MailboxErrorKind.InvalidTopic, await Kind(async () => await Store.SendAsync(TenantA, "", new byte[1], false, null, None)));
        Assert.Equal(MailboxErrorKind.InvalidTopic, await Kind(async () => await Store.SendAsync(TenantA, "a\nb", new byte[1], false, null, None)));
        Assert.Equal(MailboxErrorKind.BodyTooLarge, await Kind(async () => await Store.SendAsync(TenantA, "t", new byte[(1 << 20) + 1], false, null, None)));
        Assert.Equal(MailboxErrorKind.InvalidIdempotencyKey, await Kind(async () => await Store.SendAsync(TenantA, "t", new byte[1], false, new string('k', 129), None)));
        Assert.Equal(MailboxErrorKind.InvalidBatchSize, await Kind(async () => await Store.RecvAsync(TenantA, "t", 101, Vis, None)));
        Assert.Equal(MailboxErrorKind.InvalidBatchSize, await Kind(async () => await Store.RecvAsync(TenantA, "t", 0, Vis, None)));
        Assert.Equal(MailboxErrorKind.InvalidVisibility, await Kind(async () => await Store.RecvAsync(TenantA, "t", 1, TimeSpan.Zero, None)));
        Assert.Empty(await Store.RecvAsync(TenantA, "t", 100, Vis, None));
        var ok = await Store.SendAsync(TenantA, new string('x', 256), new byte[1 << 20], false, new string('k', 128), None);
        Assert.False(ok.Duplicate);
    }

    protected abstract IMailboxStore Create();
}
