using System.Text;
using System.Text.Json;

namespace RustyOnions.Node.Legal;

/// <summary>
/// The node's legal banner (specs/oap-1.md HELLO <c>legal</c>): who runs it, under which law, where to
/// report abuse, and the terms. Every field is optional; an all-empty banner is not shown.
/// </summary>
public sealed record LegalBanner(string? Operator = null, string? Jurisdiction = null, string? AbuseContact = null, string? Terms = null)
{
    /// <summary>True when no field is set.</summary>
    public bool IsEmpty => Operator is null && Jurisdiction is null && AbuseContact is null && Terms is null;

    /// <summary>The set fields by their wire name (operator, jurisdiction, abuse_contact, terms).</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(d, "operator", Operator);
        Add(d, "jurisdiction", Jurisdiction);
        Add(d, "abuse_contact", AbuseContact);
        Add(d, "terms", Terms);
        return d;
    }

    /// <summary>Reads the <c>legal</c> object of a HELLO reply (null when absent).</summary>
    public static LegalBanner? FromHello(ReadOnlySpan<byte> helloJson)
    {
        var reader = new Utf8JsonReader(helloJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        if (!doc.RootElement.TryGetProperty("legal", out var l) || l.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? S(string name) => l.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new LegalBanner(S("operator"), S("jurisdiction"), S("abuse_contact"), S("terms"));
    }

    /// <summary>Human-readable lines, e.g. for `ron hello`.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in ToDictionary())
        {
            sb.Append(k).Append(": ").Append(v).Append('\n');
        }

        return sb.ToString();
    }

    private static void Add(Dictionary<string, string> d, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            d[key] = value;
        }
    }
}
