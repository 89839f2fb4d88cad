using RustyOnions.Transport.Tor.Control;

namespace RustyOnions.Transport.Tor.Tests.Control;

public sealed class TorControlSyntaxTests
{
    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a \\\"quoted\\\" word\"", "a \"quoted\" word")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"line\\nbreak\\ttab\\r\"", "line\nbreak\ttab\r")]
    [InlineData("\"oct\\101\\0612\"", "octA12")]
    [InlineData("\"\"", "")]
    public void ReadQuoted_unescapes_c_escapes(string input, string expected)
    {
        var pos = 0;
        Assert.Equal(expected, TorControlSyntax.ReadQuoted(input, ref pos));
        Assert.Equal(input.Length, pos);
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("\"ends in escape\\")]
    [InlineData("noquote")]
    public void ReadQuoted_rejects_malformed_strings(string input)
    {
        var pos = 0;
        Assert.Throws<FormatException>(() => TorControlSyntax.ReadQuoted(input, ref pos));
    }

    [Fact]
    public void Quote_round_trips_through_ReadQuoted()
    {
        const string value = "pa\"ss\\word with spaces";
        var quoted = TorControlSyntax.Quote(value);
        var pos = 0;
        Assert.Equal(value, TorControlSyntax.ReadQuoted(quoted, ref pos));
    }

    [Fact]
    public void Quote_refuses_newlines_that_would_inject_commands()
    {
        Assert.Throws<ArgumentException>(() => TorControlSyntax.Quote("x\r\nSIGNAL HALT"));
    }

    [Fact]
    public void ParseKeyValues_handles_plain_and_quoted_values()
    {
        var kv = TorControlSyntax.ParseKeyValues("NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done, \\\"really\\\"\"");
        Assert.Equal("100", kv["PROGRESS"]);
        Assert.Equal("done", kv["TAG"]);
        Assert.Equal("Done, \"really\"", kv["SUMMARY"]);
        Assert.False(kv.ContainsKey("NOTICE"));
    }

    [Fact]
    public void ProtocolInfo_parses_methods_cookie_and_version()
    {
        var reply = new TorControlReply([
            new TorControlReplyLine(250, '-', "PROTOCOLINFO 1", null),
            new TorControlReplyLine(250, '-', "AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD,FUTURE COOKIEFILE=\"/tmp/a \\\"b\\\"/control_auth_cookie\"", null),
            new TorControlReplyLine(250, '-', "VERSION Tor=\"0.4.9.11\"", null),
            new TorControlReplyLine(250, ' ', "OK", null),
        ]);
        var info = TorControlProtocolInfo.Parse(reply);
        Assert.Equal([TorControlAuthMethod.Cookie, TorControlAuthMethod.SafeCookie, TorControlAuthMethod.HashedPassword], info.AuthMethods);
        Assert.Equal("/tmp/a \"b\"/control_auth_cookie", info.CookieFile);
        Assert.Equal("0.4.9.11", info.TorVersion);
    }

    [Fact]
    public void Bootstrap_status_parses_progress_tag_summary()
    {
        var s = TorControlBootstrapStatus.Parse("NOTICE BOOTSTRAP PROGRESS=75 TAG=enough_dirinfo SUMMARY=\"Loaded enough directory info to build circuits\"");
        Assert.Equal(75, s.Progress);
        Assert.Equal("enough_dirinfo", s.Tag);
        Assert.False(s.IsDone);
    }

    [Fact]
    public void HsDesc_event_parses_action_address_and_hsdir()
    {
        var reply = new TorControlReply([new TorControlReplyLine(650, ' ', "HS_DESC UPLOADED abc UNKNOWN $FP~a0 DESCID", null)]);
        var evt = TorControlHsDescEvent.TryParse(TorControlEvent.From(reply));
        Assert.NotNull(evt);
        Assert.Equal("UPLOADED", evt.Action);
        Assert.Equal("abc", evt.Address);
        Assert.Equal("$FP~a0", evt.HsDir);
    }
}
