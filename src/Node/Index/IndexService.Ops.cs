using System.Text.Json;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Node.Oap;
using RustyOnions.Node.Services;

namespace RustyOnions.Node.Index;

/// <summary>The ops.</summary>
internal sealed partial class IndexService
{
    private const int MaxBatch = 1000;

    private async Task<byte[]> PublishAsync(JsonElement root, CancellationToken ct)
    {
        var record = root.TryGetProperty("record", out var r) ? RecordOf(r, "record") : throw OapServiceException.BadRequest("field 'record' is required");
        var result = await Store.PublishAsync(record, ct).ConfigureAwait(false);
        result.ThrowIfRejected();
        var replicated = result.Stored ? await _federation.PushAsync([record], ct).ConfigureAwait(false) : 0;
        return Json(w =>
        {
            WriteResult(w, result);
            w.WriteNumber("replicated", replicated);
        });
    }

    private async Task<byte[]> PublishManyAsync(JsonElement root, CancellationToken ct)
    {
        if (!root.TryGetProperty("records", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw OapServiceException.BadRequest("field 'records' must be an array of name records");
        }

        if (array.GetArrayLength() > MaxBatch)
        {
            throw OapServiceException.BadRequest($"publish_many takes at most {MaxBatch} records, got {array.GetArrayLength()}");
        }

        var records = new List<NameRecord>(array.GetArrayLength());
        foreach (var e in array.EnumerateArray())
        {
            records.Add(RecordOf(e, "records[]"));
        }

        var replicate = !root.TryGetProperty("replicate", out var rep) || rep.ValueKind != JsonValueKind.False;
        var results = await Store.PublishManyAsync(records, ct).ConfigureAwait(false);
        if (replicate)
        {
            var stored = results.Where(x => x.Stored).Select(x => x.Submitted).ToList();
            await _federation.PushAsync(stored, ct).ConfigureAwait(false);
        }

        return Json(w =>
        {
            w.WriteStartArray("results");
            foreach (var x in results)
            {
                w.WriteStartObject();
                WriteResult(w, x);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private async Task<byte[]> ResolveAsync(JsonElement root, CancellationToken ct)
    {
        var name = JsonRequest.RequiredString(root, "name");
        var fanOut = !root.TryGetProperty("fanout", out var f) || f.ValueKind != JsonValueKind.False;
        var always = root.TryGetProperty("consistent", out var c) && c.ValueKind == JsonValueKind.True;
        var record = await Store.ResolveAsync(name, ct).ConfigureAwait(false);
        if (fanOut && (record is null || always))
        {
            record = await _federation.FanOutResolveAsync(name, ct, record).ConfigureAwait(false);
        }

        return record is null
            ? throw OapServiceException.NotFound($"no record for '{name}'")
            : Json(w =>
            {
                w.WritePropertyName("record");
                record.WriteJson(w);
            });
    }

    private async Task<byte[]> ListAsync(JsonElement root, CancellationToken ct)
    {
        var request = new ListRequest
        {
            Prefix = JsonRequest.OptionalString(root, "prefix") ?? string.Empty,
            StartAfter = JsonRequest.OptionalString(root, "start_after"),
            Delimiter = JsonRequest.OptionalString(root, "delimiter"),
            Limit = Limit(root, ListRequest.MaxLimit, ListRequest.MaxLimit),
        };
        var page = await Store.ListAsync(request, ct).ConfigureAwait(false);
        return Json(w =>
        {
            WriteRecords(w, "records", page.Records);
            w.WriteStartArray("common_prefixes");
            foreach (var p in page.CommonPrefixes)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteBoolean("is_truncated", page.IsTruncated);
            if (page.NextStartAfter is { } next)
            {
                w.WriteString("next_start_after", next);
            }
        });
    }

    private async Task<byte[]> HistoryAsync(JsonElement root, CancellationToken ct)
    {
        var name = JsonRequest.RequiredString(root, "name");
        var records = await Store.HistoryAsync(name, Limit(root, IndexStoreOptions.MaxHistoryLimit, 100), ct).ConfigureAwait(false);
        return Json(w => WriteRecords(w, "records", records));
    }

    private async Task<byte[]> ChangesAsync(JsonElement root, CancellationToken ct)
    {
        var since = JsonRequest.OptionalLong(root, "since") ?? 0;
        var page = await Store.GetSinceAsync(since, Limit(root, ListRequest.MaxLimit, ListRequest.MaxLimit), ct).ConfigureAwait(false);
        return Json(w =>
        {
            w.WriteStartArray("changes");
            foreach (var c in page.Changes)
            {
                w.WriteStartObject();
                w.WriteNumber("change_seq", c.ChangeSeq);
                w.WritePropertyName("record");
                c.Record.WriteJson(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("next_cursor", page.NextCursor);
            w.WriteBoolean("has_more", page.HasMore);
        });
    }

    private async Task<byte[]> StatsAsync(CancellationToken ct)
    {
        var count = await Store.CountAsync(ct).ConfigureAwait(false);
        var store = Store;
        return Json(w =>
        {
            w.WriteNumber("names", count);
            w.WriteNumber("conflicts", store.ConflictCount);
            w.WriteNumber("members", _federation.Members.Count);
        });
    }
}
