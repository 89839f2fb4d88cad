using System.CommandLine;

namespace RustyOnions.Node.Cli;

/// <summary>`ron mailbox send|recv|ack`.</summary>
internal static class MailboxCommands
{
    public static Command Build()
    {
        var topic = new Argument<string>("topic");
        var text = new Argument<string>("text");
        var key = new Option<string?>("--key") { Description = "idempotency key: a re-send with the same key is not delivered twice" };
        var send = new Command("send", "send a text message to a topic") { topic, text, key };
        send.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var r = await client.SendAsync(parse.GetValue(topic)!, parse.GetValue(text)!, parse.GetValue(key), ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["msg_id"] = r.MsgId, ["duplicate"] = r.Duplicate });
            }
            else
            {
                Console.WriteLine(r.MsgId);
            }

            return 0;
        }));

        var recvTopic = new Argument<string>("topic");
        var max = new Option<int>("--max") { Description = "most messages to receive", DefaultValueFactory = _ => 10 };
        var visibility = new Option<int?>("--visibility-ms") { Description = "how long received messages stay invisible unless acked" };
        var recv = new Command("recv", "receive messages from a topic") { recvTopic, max, visibility };
        recv.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var vis = parse.GetValue(visibility) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
            var messages = await client.RecvAsync(parse.GetValue(recvTopic)!, parse.GetValue(max), vis, ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object>
                {
                    ["messages"] = messages.Select(m => new Dictionary<string, object?> { ["msg_id"] = m.MsgId, ["topic"] = m.Topic, ["text"] = m.Text, ["data"] = m.Data is null ? null : Convert.ToBase64String(m.Data), ["delivery_count"] = m.DeliveryCount }).ToList(),
                });
            }
            else
            {
                foreach (var m in messages)
                {
                    Console.WriteLine($"{m.MsgId}\t{m.Text ?? Convert.ToBase64String(m.Data ?? [])}");
                }
            }

            return 0;
        }));

        var id = new Argument<string>("msg_id");
        var ack = new Command("ack", "acknowledge a received message") { id };
        ack.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            await client.AckAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["ok"] = true });
            }

            return 0;
        }));

        return new Command("mailbox", "durable mailbox: send, recv, ack") { send, recv, ack };
    }
}
