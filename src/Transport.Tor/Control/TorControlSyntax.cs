using System.Text;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>Control-spec lexical helpers: quoted strings with C escapes, KEY=VALUE lists.</summary>
internal static class TorControlSyntax
{
    /// <summary>Quotes a value for a command, escaping backslash and double quote.</summary>
    public static string Quote(string value)
    {
        EnsureNoNewline(value, nameof(value));
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Throws when a command argument would inject a second command.</summary>
    public static void EnsureNoNewline(string value, string name)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"{name} must not contain CR or LF (it would inject a control command)", name);
        }
    }

    /// <summary>
    /// Reads a quoted string starting at <paramref name="pos"/> (which must be at the opening quote)
    /// and returns it unescaped; <paramref name="pos"/> ends just after the closing quote.
    /// </summary>
    public static string ReadQuoted(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] != '"')
        {
            throw new FormatException($"expected a quoted string at offset {pos}");
        }

        var sb = new StringBuilder();
        pos++;
        while (pos < text.Length)
        {
            var c = text[pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (pos >= text.Length)
            {
                break;
            }

            var e = text[pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case >= '0' and <= '7':
                    // Up to three octal digits, as in C.
                    var value = e - '0';
                    for (var i = 0; i < 2 && pos < text.Length && text[pos] is >= '0' and <= '7'; i++)
                    {
                        value = (value * 8) + (text[pos++] - '0');
                    }

                    sb.Append((char)value);
                    break;
                default: sb.Append(e); break;
            }
        }

        throw new FormatException("unterminated quoted string");
    }

    /// <summary>
    /// Parses space-separated words and KEY=VALUE pairs (VALUE plain or quoted). Words without '='
    /// are returned under their own name with an empty value only when <paramref name="keepWords"/>.
    /// </summary>
    public static Dictionary<string, string> ParseKeyValues(string text, bool keepWords = false)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var pos = 0;
        while (pos < text.Length)
        {
            if (text[pos] == ' ')
            {
                pos++;
                continue;
            }

            var start = pos;
            while (pos < text.Length && text[pos] != ' ' && text[pos] != '=')
            {
                pos++;
            }

            var key = text[start..pos];
            if (pos < text.Length && text[pos] == '=')
            {
                pos++;
                string value;
                if (pos < text.Length && text[pos] == '"')
                {
                    value = ReadQuoted(text, ref pos);
                }
                else
                {
                    var vs = pos;
                    while (pos < text.Length && text[pos] != ' ')
                    {
                        pos++;
                    }

                    value = text[vs..pos];
                }

                result[key] = value;
            }
            else if (keepWords)
            {
                result[key] = string.Empty;
            }
        }

        return result;
    }

    /// <summary>Unquotes a value if it is quoted, otherwise returns it unchanged.</summary>
    public static string UnquoteIfQuoted(string value)
    {
        if (value.Length >= 2 && value[0] == '"')
        {
            var pos = 0;
            return ReadQuoted(value, ref pos);
        }

        return value;
    }
}
