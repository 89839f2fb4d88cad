using System.Text.Json;
using System.Text.RegularExpressions;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>The checks every golden error vector (specs/vectors/errors/*.json) gets, whichever node provoked it.</summary>
internal static class GoldenEnvelope
{
    /// <summary>Vector names whose <c>node</c> field equals <paramref name="node"/> (null: vectors without one, the guard-rail node).</summary>
    public static IEnumerable<string> Names(string? node)
    {
        foreach (var f in Directory.GetFiles(RepoPaths.Combine("specs", "vectors", "errors"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(f));
            var which = doc.RootElement.TryGetProperty("node", out var n) ? n.GetString() : null;
            if (which == node)
            {
                yield return Path.GetFileNameWithoutExtension(f);
            }
        }
    }

    public static JsonDocument Load(string name) => JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Combine("specs", "vectors", "errors", name + ".json")));

    /// <summary>Status, corr_id, RESP flag, body fields, one envelope writer, and ron_errors_total{code} moved by one.</summary>
    public static async Task AssertAsync(JsonElement v, OapHeader header, byte[] payload, Uri admin, double before)
    {
        var corr = ulong.Parse(v.GetProperty("corr_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var code = v.GetProperty("code").GetString()!;

        Assert.Equal(v.GetProperty("status").GetUInt16(), header.Code);
        Assert.Equal(corr, header.CorrId);
        Assert.True((header.Flags & OapFlags.Resp) != 0);
        using var body = JsonDocument.Parse(payload);
        var b = body.RootElement;
        Assert.Equal(code, b.GetProperty("code").GetString());
        Assert.Equal(v.GetProperty("retryable").GetBoolean(), b.GetProperty("retryable").GetBoolean());
        Assert.Equal(v.GetProperty("corr_id").GetString(), b.GetProperty("corr_id").GetString());
        var message = b.GetProperty("message").GetString()!;
        Assert.Matches(new Regex(v.GetProperty("message_pattern").GetString()!), message);
        if (v.GetProperty("retry_after_ms") is { ValueKind: JsonValueKind.Object } range)
        {
            Assert.InRange(b.GetProperty("retry_after_ms").GetInt64(), range.GetProperty("min").GetInt64(), range.GetProperty("max").GetInt64());
        }
        else
        {
            Assert.False(b.TryGetProperty("retry_after_ms", out _), "retry_after_ms must be absent");
        }

        if (v.GetProperty("reason").GetString() is { } reason)
        {
            Assert.Equal(reason, b.GetProperty("reason").GetString());
        }
        else
        {
            Assert.False(b.TryGetProperty("reason", out _), "reason must be absent");
        }

        Assert.Equal(OapErrorEnvelope.TryParse(payload)!.ToUtf8(), payload); // the one envelope writer produced it
        await Poll.UntilAsync(async () => await Metrics.ValueAsync(admin, $"ron_errors_total{{code=\"{code}\"}}") == before + 1, TimeSpan.FromSeconds(10), $"ron_errors_total{{code={code}}} to count exactly this error");
    }
}
