using System.Globalization;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Proto.Caps;

/// <summary>
/// One granted operation: an app id and an op name (the <c>"op"</c> of the request's JSON), or
/// <c>*</c> for every op of the app. Text form <c>app.op</c>, where app is a registered name
/// (<c>storage</c>, <c>mailbox</c>, <c>echo</c>, <c>index</c>) or <c>0x0301</c>-style hex.
/// </summary>
public readonly record struct CapOp(ushort AppId, string Op) : IComparable<CapOp>
{
    /// <summary>The op that grants every op of an app.</summary>
    public const string Any = "*";

    /// <summary>Longest op name.</summary>
    public const int MaxOpLength = 32;

    private static readonly (string Name, ushort Id)[] Apps =
    [
        ("storage", OapAppId.Storage),
        ("mailbox", OapAppId.Mailbox),
        ("echo", OapAppId.Echo),
        ("index", 0x0401),
    ];

    /// <summary>True when this grant covers <paramref name="appId"/> and <paramref name="op"/>.</summary>
    public bool Grants(ushort appId, string op) => AppId == appId && (Op == Any || string.Equals(Op, op, StringComparison.Ordinal));

    /// <summary>Parses <c>storage.get</c>, <c>mailbox.*</c> or <c>0x0301.get</c>.</summary>
    public static CapOp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.LastIndexOf('.');
        if (dot <= 0 || dot == text.Length - 1)
        {
            throw new CapFormatException($"operation '{text}' must be app.op such as storage.get or mailbox.*");
        }

        var app = text[..dot];
        var op = text[(dot + 1)..];
        ushort id;
        if (app.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ushort.TryParse(app.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out id))
            {
                throw new CapFormatException($"operation '{text}': '{app}' is not a 16-bit hex app id");
            }
        }
        else
        {
            var found = Array.Find(Apps, a => a.Name == app);
            if (found.Name is null)
            {
                throw new CapFormatException($"operation '{text}': unknown app '{app}' (known: {string.Join(", ", Apps.Select(a => a.Name))}, or 0xNNNN)");
            }

            id = found.Id;
        }

        ValidateOp(op);
        return new CapOp(id, op);
    }

    /// <summary>Throws unless <paramref name="op"/> is 1-32 of [a-z0-9_] or exactly <c>*</c>.</summary>
    public static void ValidateOp(string op)
    {
        if (op == Any)
        {
            return;
        }

        if (op.Length is 0 or > MaxOpLength || !op.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new CapFormatException($"op '{op}' must be 1-{MaxOpLength} characters of a-z, 0-9, '_' or exactly '*'");
        }
    }

    /// <inheritdoc />
    public int CompareTo(CapOp other) => AppId != other.AppId ? AppId.CompareTo(other.AppId) : string.CompareOrdinal(Op, other.Op);

    /// <inheritdoc />
    public override string ToString()
    {
        var appId = AppId;
        var name = Array.Find(Apps, a => a.Id == appId).Name ?? "0x" + AppId.ToString("x4", CultureInfo.InvariantCulture);
        return name + "." + Op;
    }
}
