using System.Text;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>
/// Assembles reply lines (without CRLF) into replies: mid lines "250-", data lines "250+" followed
/// by a dot-terminated, dot-stuffed block, and the end line "250 ". Bounds the total reply size.
/// </summary>
internal sealed class TorControlReplyParser
{
    private readonly int _maxReplyBytes;
    private readonly List<TorControlReplyLine> _lines = [];
    private StringBuilder? _data;
    private TorControlReplyLine? _dataHeader;
    private long _bytes;

    public TorControlReplyParser(int maxReplyBytes) => _maxReplyBytes = maxReplyBytes;

    /// <summary>Feeds one line; returns the reply it completes, or null when more lines are needed.</summary>
    public TorControlReply? Feed(string line)
    {
        _bytes += line.Length + 2;
        if (_bytes > _maxReplyBytes)
        {
            throw new TorControlConnectionException($"tor sent a reply larger than {_maxReplyBytes} bytes (TorControlOpts.MaxReplyBytes)");
        }

        if (_data is not null)
        {
            if (line == ".")
            {
                _lines.Add(_dataHeader! with { Data = _data.ToString() });
                _data = null;
                _dataHeader = null;
                return null;
            }

            // Dot-unstuffing: a data line that starts with "." was sent with one more ".".
            _data.Append(line.StartsWith('.') ? line.AsSpan(1) : line.AsSpan()).Append('\n');
            return null;
        }

        if (line.Length < 4 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2]))
        {
            throw new TorControlConnectionException($"tor sent a malformed reply line: '{Truncate(line)}'");
        }

        var status = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        var sep = line[3];
        var text = line[4..];
        if (_lines.Count > 0 && _lines[0].Status != status)
        {
            throw new TorControlConnectionException($"tor mixed status codes in one reply: {_lines[0].Status} then {status}");
        }

        switch (sep)
        {
            case '-':
                _lines.Add(new TorControlReplyLine(status, sep, text, null));
                return null;
            case '+':
                _dataHeader = new TorControlReplyLine(status, sep, text, null);
                _data = new StringBuilder();
                return null;
            case ' ':
                _lines.Add(new TorControlReplyLine(status, sep, text, null));
                var reply = new TorControlReply(_lines.ToArray());
                _lines.Clear();
                _bytes = 0;
                return reply;
            default:
                throw new TorControlConnectionException($"tor sent a reply line with unknown separator '{sep}': '{Truncate(line)}'");
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
