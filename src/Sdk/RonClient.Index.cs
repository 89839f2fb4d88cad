using System.Buffers;
using System.Text.Json;
using RustyOnions.Index.Records;
using RustyOnions.Index.Wire;
using RustyOnions.Sdk.Errors;
using RustyOnions.Sdk.Index;

namespace RustyOnions.Sdk;

/// <summary>Index calls (app 0x0401, specs/oap-1.md §10): signed name records.</summary>
public sealed partial class RonClient
{
    /// <summary>
    /// Publishes one signed record; the node verifies it, stores it and pushes it to its federation.
    /// Refusals are <see cref="RonException"/> with the index codes (BAD_SIGNATURE, WRONG_NAMESPACE 403; STALE_SEQ, CONFLICT 409).
    /// </summary>
    public async Task<RonPublishOutcome> PublishAsync(NameRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reply = await IndexRequestAsync(w =>
        {
            w.WriteString("op", "publish");
            w.WritePropertyName("record");
            record.WriteJson(w);
        }, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        return ReadOutcome(doc.RootElement);
    }

    /// <summary>
    /// Publishes many records in one request (bulk import; at most 1000, within one frame). Invalid records fail the
    /// whole batch; stale and conflicting ones are reported per record instead of failing.
    /// </summary>
    /// <param name="records">The records.</param>
    /// <param name="replicate">False for a federation push: the receiver stores but does not forward.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<IReadOnlyList<RonPublishOutcome>> PublishManyAsync(IReadOnlyList<NameRecord> records, bool replicate = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var reply = await IndexRequestAsync(w =>
        {
            w.WriteString("op", "publish_many");
            w.WriteBoolean("replicate", replicate);
            w.WriteStartArray("records");
            foreach (var r in records)
            {
                r.WriteJson(w);
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        var list = new List<RonPublishOutcome>(records.Count);
        foreach (var e in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            list.Add(ReadOutcome(e));
        }

        return list;
    }

    /// <summary>
    /// Resolves a full name (<c>ns/path</c>); null when no member knows it. With <paramref name="fanOut"/> the node asks
    /// its federation when it has no local record (federation members call each other with false); with
    /// <paramref name="consistent"/> it asks the federation even when it has one, and answers the highest valid seq.
    /// </summary>
    public async Task<NameRecord?> ResolveAsync(string name, bool fanOut = true, bool consistent = false, CancellationToken ct = default)
    {
        try
        {
            var reply = await IndexRequestAsync(w =>
            {
                w.WriteString("op", "resolve");
                w.WriteString("name", name);
                w.WriteBoolean("fanout", fanOut);
                if (consistent)
                {
                    w.WriteBoolean("consistent", true);
                }
            }, ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(reply);
            return ReadRecord(doc.RootElement.GetProperty("record"));
        }
        catch (RonException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>One page of current records under <paramref name="prefix"/>, in name order (limit 1..1000).</summary>
    public async Task<RonNamePage> ListAsync(string prefix, string? startAfter = null, string? delimiter = null, int limit = 1000, CancellationToken ct = default)
    {
        var reply = await IndexRequestAsync(w =>
        {
            w.WriteString("op", "list");
            w.WriteString("prefix", prefix);
            if (startAfter is not null)
            {
                w.WriteString("start_after", startAfter);
            }

            if (delimiter is not null)
            {
                w.WriteString("delimiter", delimiter);
            }

            w.WriteNumber("limit", limit);
        }, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        var root = doc.RootElement;
        var prefixes = new List<string>();
        foreach (var p in root.GetProperty("common_prefixes").EnumerateArray())
        {
            prefixes.Add(p.GetString()!);
        }

        var next = root.TryGetProperty("next_start_after", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new RonNamePage(ReadRecords(root.GetProperty("records")), prefixes, root.GetProperty("is_truncated").GetBoolean(), next);
    }

    /// <summary>The accepted records of a name, newest first.</summary>
    public async Task<IReadOnlyList<NameRecord>> HistoryAsync(string name, int limit = 100, CancellationToken ct = default)
    {
        var reply = await IndexRequestAsync(w =>
        {
            w.WriteString("op", "history");
            w.WriteString("name", name);
            w.WriteNumber("limit", limit);
        }, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        return ReadRecords(doc.RootElement.GetProperty("records"));
    }

    /// <summary>The node's change feed after <paramref name="since"/> (0 = from the start); used by anti-entropy.</summary>
    public async Task<RonChangePage> ChangesAsync(long since, int limit = 1000, CancellationToken ct = default)
    {
        var reply = await IndexRequestAsync(w =>
        {
            w.WriteString("op", "changes");
            w.WriteNumber("since", since);
            w.WriteNumber("limit", limit);
        }, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply);
        var root = doc.RootElement;
        var records = new List<NameRecord>();
        foreach (var c in root.GetProperty("changes").EnumerateArray())
        {
            records.Add(ReadRecord(c.GetProperty("record")));
        }

        return new RonChangePage(records, root.GetProperty("next_cursor").GetInt64(), root.GetProperty("has_more").GetBoolean());
    }

    private static RonPublishOutcome ReadOutcome(JsonElement e) =>
        new(e.GetProperty("outcome").GetString()!, ReadRecord(e.GetProperty("current")), e.TryGetProperty("replicated", out var r) ? r.GetInt32() : -1);

    private static List<NameRecord> ReadRecords(JsonElement array)
    {
        var list = new List<NameRecord>(array.GetArrayLength());
        foreach (var r in array.EnumerateArray())
        {
            list.Add(ReadRecord(r));
        }

        return list;
    }

    private static NameRecord ReadRecord(JsonElement e)
    {
        try
        {
            return NameRecord.FromJson(e.GetRawText());
        }
        catch (RustyOnions.Index.IndexException ex)
        {
            throw new RonException("the node returned a malformed name record: " + ex.Message, ex);
        }
    }

    private async Task<byte[]> IndexRequestAsync(Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        // Every index op is idempotent: a re-sent publish of the same signed record is a Duplicate.
        return (await RequestAsync(IndexAppId.Index, buffer.WrittenMemory, Always, ct).ConfigureAwait(false)).Reply;
    }
}
