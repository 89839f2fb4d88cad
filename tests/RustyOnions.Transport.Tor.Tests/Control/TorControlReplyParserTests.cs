using System.Text.Json;
using RustyOnions.Transport.Tor.Control;
using RustyOnions.Transport.Tor.Tests.Support;

namespace RustyOnions.Transport.Tor.Tests.Control;

public sealed class TorControlReplyParserTests
{
    private static readonly JsonDocument Vectors = JsonDocument.Parse(File.ReadAllText(RepoRoot.Vector("control-replies.json")));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Vectors.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Parser_assembles_vector_transcripts_into_expected_replies(string name)
    {
        var c = Vectors.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var parser = new TorControlReplyParser(1 << 20);
        var replies = new List<TorControlReply>();
        foreach (var line in c.GetProperty("lines").EnumerateArray())
        {
            if (parser.Feed(line.GetString()!) is { } r)
            {
                replies.Add(r);
            }
        }

        var expected = c.GetProperty("replies").EnumerateArray().ToList();
        Assert.Equal(expected.Count, replies.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var lines = expected[i].EnumerateArray().ToList();
            Assert.Equal(lines.Count, replies[i].Lines.Count);
            for (var j = 0; j < lines.Count; j++)
            {
                var e = lines[j];
                var a = replies[i].Lines[j];
                Assert.Equal(e.GetProperty("status").GetInt32(), a.Status);
                Assert.Equal(e.GetProperty("sep").GetString()![0], a.Separator);
                Assert.Equal(e.GetProperty("text").GetString(), a.Text);
                var data = e.GetProperty("data");
                Assert.Equal(data.ValueKind == JsonValueKind.Null ? null : data.GetString(), a.Data);
            }
        }
    }

    [Fact]
    public void Parser_rejects_malformed_vector_lines()
    {
        foreach (var transcript in Vectors.RootElement.GetProperty("malformed").EnumerateArray())
        {
            var parser = new TorControlReplyParser(1 << 20);
            Assert.Throws<TorControlConnectionException>(() =>
            {
                foreach (var line in transcript.EnumerateArray())
                {
                    parser.Feed(line.GetString()!);
                }
            });
        }
    }

    [Fact]
    public void Parser_rejects_reply_larger_than_bound()
    {
        var parser = new TorControlReplyParser(1000);
        Assert.Null(parser.Feed("250+ns/all="));
        var ex = Assert.Throws<TorControlConnectionException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                parser.Feed(new string('x', 50));
            }
        });
        Assert.Contains("MaxReplyBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_resets_size_bound_between_replies()
    {
        var parser = new TorControlReplyParser(100);
        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(parser.Feed("250 " + new string('x', 60)));
        }
    }

    [Fact]
    public async Task Line_reader_rejects_line_longer_than_bound()
    {
        using var ms = new MemoryStream("250 OK\r\n"u8.ToArray().Concat(new byte[2000].Select(_ => (byte)'a')).Concat("\r\n"u8.ToArray()).ToArray());
        var reader = new TorControlLineReader(ms, 1000);
        Assert.Equal("250 OK", await reader.ReadLineAsync(CancellationToken.None));
        await Assert.ThrowsAsync<TorControlConnectionException>(async () => await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Line_reader_splits_crlf_and_lf_lines_across_reads()
    {
        using var ms = new MemoryStream("250-a\r\n250-b\n250 OK\r\n"u8.ToArray());
        var reader = new TorControlLineReader(ms, 1000);
        Assert.Equal("250-a", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("250-b", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("250 OK", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }
}
