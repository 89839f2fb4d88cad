using RustyOnions.Sdk.Errors;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Foundation;

[Collection(NodeCollection.Name)]
public sealed class MailboxTests(NodeFixture fixture)
{
    [Fact]
    public async Task Send_recv_ack_delivers_once()
    {
        await using var client = await fixture.ConnectAsync();
        var topic = "t-" + Guid.NewGuid().ToString("N");

        var sent = await client.SendAsync(topic, "hello");
        var got = await client.RecvAsync(topic, max: 10);
        await client.AckAsync(sent.MsgId);

        var m = Assert.Single(got);
        Assert.Equal(sent.MsgId, m.MsgId);
        Assert.Equal("hello", m.Text);
        Assert.Empty(await client.RecvAsync(topic, max: 10, visibility: TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task Unacked_message_reappears_after_the_visibility_timeout()
    {
        await using var client = await fixture.ConnectAsync();
        var topic = "t-" + Guid.NewGuid().ToString("N");
        var sent = await client.SendAsync(topic, "again");

        var first = Assert.Single(await client.RecvAsync(topic, visibility: TimeSpan.FromMilliseconds(300)));
        Assert.Empty(await client.RecvAsync(topic, visibility: TimeSpan.FromMilliseconds(300)));

        Sdk.RonMessage? second = null;
        await Poll.UntilAsync(
            async () => (second = (await client.RecvAsync(topic, visibility: TimeSpan.FromSeconds(30))).SingleOrDefault()) is not null,
            TimeSpan.FromSeconds(10),
            "the message to become visible again");

        Assert.Equal(sent.MsgId, first.MsgId);
        Assert.Equal(sent.MsgId, second!.MsgId);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task Resend_with_the_same_idempotency_key_returns_the_first_id_and_delivers_once()
    {
        await using var client = await fixture.ConnectAsync();
        var topic = "t-" + Guid.NewGuid().ToString("N");

        var a = await client.SendAsync(topic, "once", idempotencyKey: "k-1");
        var b = await client.SendAsync(topic, "once", idempotencyKey: "k-1");

        Assert.Equal(a.MsgId, b.MsgId);
        Assert.False(a.Duplicate);
        Assert.True(b.Duplicate);
        Assert.Single(await client.RecvAsync(topic, max: 10));
    }

    [Fact]
    public async Task Topics_are_scoped_per_tenant()
    {
        await using var alice = await fixture.ConnectAsync(tenant: 1);
        await using var bob = await fixture.ConnectAsync(tenant: 2);
        var topic = "shared-" + Guid.NewGuid().ToString("N");

        await alice.SendAsync(topic, "for alice's tenant only");

        Assert.Empty(await bob.RecvAsync(topic));
        Assert.Single(await alice.RecvAsync(topic));
    }

    [Fact]
    public async Task Binary_payloads_round_trip()
    {
        await using var client = await fixture.ConnectAsync();
        var topic = "bin-" + Guid.NewGuid().ToString("N");
        var bytes = new byte[] { 0, 1, 2, 255, 254 };

        await client.SendAsync(topic, bytes);

        var m = Assert.Single(await client.RecvAsync(topic));
        Assert.Equal(bytes, m.Data);
        Assert.Null(m.Text);
    }

    [Fact]
    public async Task Ack_of_an_unknown_id_returns_404()
    {
        await using var client = await fixture.ConnectAsync();

        var e = await Assert.ThrowsAsync<RonException>(() => client.AckAsync("01HZZZZZZZZZZZZZZZZZZZZZZZ"));

        Assert.Equal(404, e.Status);
        Assert.Equal("NOT_FOUND", e.Code);
    }
}
