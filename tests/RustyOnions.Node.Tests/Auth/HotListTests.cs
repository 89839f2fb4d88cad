using RustyOnions.Node.Auth;
using RustyOnions.Node.Legal;
using RustyOnions.Proto.Content;
using RustyOnions.Testing;

namespace RustyOnions.Node.Tests.Auth;

public sealed class HotListTests
{
    private static readonly ContentId Addr = ContentId.Compute("x"u8);

    [Fact]
    public void List_parses_comments_blank_lines_and_normalises_case()
    {
        var set = IdList.Parse("# header\n\nAABBCCDDEEFF00112233445566778899  # why\n", s => s.ToLowerInvariant());
        Assert.Equal(["aabbccddeeff00112233445566778899"], set);
    }

    [Fact]
    public void Bad_line_names_its_number()
    {
        var e = Assert.Throws<FormatException>(() => IdList.Parse("ok\nbad\n", s => s == "bad" ? throw new FormatException("nope") : s));
        Assert.Equal("line 2: nope", e.Message);
    }

    [Fact]
    public async Task Denylist_follows_the_file_and_keeps_the_last_good_list_on_a_bad_edit()
    {
        using var dir = new TempDir("ron-deny");
        var path = dir.Combine("deny.txt");
        using var list = new Denylist(path, TimeSpan.FromMilliseconds(50));
        Assert.False(list.IsDenied(Addr)); // missing file = empty

        Replace(path, Addr + "\n");
        await Poll.UntilAsync(() => list.IsDenied(Addr), TimeSpan.FromSeconds(10), "the new line to apply");
        Assert.True(list.IsDenied(Addr.ToString() + ".png"));

        Replace(path, "b3:not-hex\n");
        await Poll.UntilAsync(() => list.File!.LastError is not null, TimeSpan.FromSeconds(10), "the bad edit to be seen");
        Assert.Contains("line 1", list.File!.LastError, StringComparison.Ordinal);
        Assert.True(list.IsDenied(Addr), "a bad edit keeps the previous list in force");

        File.Delete(path);
        await Poll.UntilAsync(() => !list.IsDenied(Addr), TimeSpan.FromSeconds(10), "a deleted file to empty the list");
    }

    /// <summary>
    /// Write-then-rename, as specs/caps.md tells operators: an in-place rewrite can be read half-way
    /// (truncated to empty, a valid list) and would make the "previous list" check race the watcher.
    /// </summary>
    private static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    [Fact]
    public void Revocation_list_rejects_a_line_that_is_not_a_cap_id()
    {
        using var dir = new TempDir("ron-rev");
        var path = dir.Combine("rev.txt");
        File.WriteAllText(path, "00000000000000000000000000000BAD\nshort\n");
        using var list = new RevocationList(path, TimeSpan.FromSeconds(30));
        Assert.StartsWith("line 2: 'short' is not a cap id", list.File!.LastError, StringComparison.Ordinal);
        Assert.False(list.IsRevoked("00000000000000000000000000000bad"), "a file that fails to parse at start revokes nothing yet");

        File.WriteAllText(path, "00000000000000000000000000000BAD\n");
        list.File.Reload(force: true); // what SIGHUP does
        Assert.True(list.IsRevoked("00000000000000000000000000000bad"));
    }

    [Theory]
    [InlineData("""{"op":"get","addr":"b3:1"}""", "get", "b3:1")]
    [InlineData("""{"pad":{"op":"x","addr":"y"},"addr":"b3:2","op":"stat"}""", "stat", "b3:2")]
    [InlineData("""{"op":5}""", "", null)]
    [InlineData("hello", "", null)]
    [InlineData("""{"op":"put",""", "put", null)]
    public void Peek_reads_top_level_op_and_addr_only(string head, string op, string? addr)
    {
        var peek = RequestPeek.Read(System.Text.Encoding.UTF8.GetBytes(head));
        Assert.Equal(op, peek.Op);
        Assert.Equal(addr, peek.Addr);
    }
}
