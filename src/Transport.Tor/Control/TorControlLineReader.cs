using System.Text;

namespace RustyOnions.Transport.Tor.Control;

/// <summary>Reads CRLF- (or LF-) terminated lines from a stream with a bound on line length.</summary>
internal sealed class TorControlLineReader
{
    private readonly Stream _stream;
    private readonly int _maxLine;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    public TorControlLineReader(Stream stream, int maxLine)
    {
        _stream = stream;
        _maxLine = maxLine;
        _buffer = new byte[Math.Max(4096, maxLine + 2)];
    }

    /// <summary>Returns the next line without its terminator, or null at end of stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var len = nl > 0 && span[nl - 1] == '\r' ? nl - 1 : nl;
                if (len > _maxLine)
                {
                    throw TooLong();
                }

                // Tor speaks ASCII, but quoted strings may carry UTF-8 (e.g. paths).
                var line = Encoding.UTF8.GetString(span[..len]);
                _start += nl + 1;
                return line;
            }

            if (_end - _start > _maxLine + 1)
            {
                throw TooLong();
            }

            if (_start > 0)
            {
                span.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            _end += n;
        }
    }

    private TorControlConnectionException TooLong() =>
        new($"tor sent a line longer than {_maxLine} bytes (TorControlOpts.MaxLineLength)");
}
