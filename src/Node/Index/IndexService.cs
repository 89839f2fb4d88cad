using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using RustyOnions.Index;
using RustyOnions.Index.Records;
using RustyOnions.Index.Store;
using RustyOnions.Index.Wire;
using RustyOnions.Node.Oap;
using RustyOnions.Node.Services;

namespace RustyOnions.Node.Index;

/// <summary>
/// Index (0x0401, specs/oap-1.md §10): JSON ops publish, publish_many, resolve, list, history, changes, stats.
/// <see cref="IndexException"/> becomes the standard error envelope with its status and wire code.
/// </summary>
internal sealed partial class IndexService : IOapService
{
    /// <summary>A publish_many request may fill a default frame (1000 records of ~400 bytes).</summary>
    private const int MaxRequestBytes = 1 << 20;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Func<IIndexStore> _storeOf;
    private readonly IndexFederation _federation;

    public IndexService(Func<IIndexStore> store, IndexFederation federation)
    {
        _storeOf = store;
        _federation = federation;
    }

    /// <inheritdoc />
    public ushort AppId => IndexAppId.Index;

    /// <inheritdoc />
    public string Name => "index";

    private IIndexStore Store => _storeOf();

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        if (request.Head.Length > MaxRequestBytes)
        {
            throw OapServiceException.TooLarge($"index request of {request.Head.Length} bytes exceeds {MaxRequestBytes}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(request.Head, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw OapServiceException.BadRequest("index request is not valid JSON: " + e.Message);
        }

        byte[] reply;
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw OapServiceException.BadRequest("index request must be a JSON object");
            }

            try
            {
                reply = JsonRequest.Op(root) switch
                {
                    "publish" => await PublishAsync(root, ct).ConfigureAwait(false),
                    "publish_many" => await PublishManyAsync(root, ct).ConfigureAwait(false),
                    "resolve" => await ResolveAsync(root, ct).ConfigureAwait(false),
                    "list" => await ListAsync(root, ct).ConfigureAwait(false),
                    "history" => await HistoryAsync(root, ct).ConfigureAwait(false),
                    "changes" => await ChangesAsync(root, ct).ConfigureAwait(false),
                    "stats" => await StatsAsync(ct).ConfigureAwait(false),
                    var op => throw OapServiceException.BadRequest($"unknown index op '{op}' (known: publish, publish_many, resolve, list, history, changes, stats)"),
                };
            }
            catch (IndexException e)
            {
                throw new OapServiceException((ushort)e.Status, e.WireCode, e.Message);
            }
            catch (ArgumentException e)
            {
                throw OapServiceException.BadRequest(e.Message);
            }
        }

        await request.Responder.ReplyAsync(reply, ct).ConfigureAwait(false);
    }

    private static NameRecord RecordOf(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw OapServiceException.BadRequest($"field '{field}' must be a name record object (specs/index.md §6)");
        }

        return NameRecord.FromJson(e.GetRawText());
    }

    private static int Limit(JsonElement root, int max, int fallback)
    {
        var limit = JsonRequest.OptionalLong(root, "limit") ?? fallback;
        return limit is < 1 || limit > max ? throw OapServiceException.BadRequest($"field 'limit' must be between 1 and {max}") : (int)limit;
    }

    private static string Outcome(PublishOutcome o) => o switch
    {
        PublishOutcome.Accepted => "accepted",
        PublishOutcome.Duplicate => "duplicate",
        PublishOutcome.Stale => "stale",
        PublishOutcome.ConflictWon => "conflict_won",
        PublishOutcome.ConflictLost => "conflict_lost",
        _ => o.ToString().ToLowerInvariant(),
    };

    private static void WriteResult(Utf8JsonWriter w, PublishResult r)
    {
        w.WriteString("outcome", Outcome(r.Outcome));
        w.WriteNumber("change_seq", r.ChangeSeq);
        w.WritePropertyName("current");
        r.Current.WriteJson(w);
    }

    private static void WriteRecords(Utf8JsonWriter w, string name, IEnumerable<NameRecord> records)
    {
        w.WriteStartArray(name);
        foreach (var r in records)
        {
            r.WriteJson(w);
        }

        w.WriteEndArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
