using System.Text;
using RustyOnions.Bridges.S3;
using RustyOnions.Bridges.S3.Http;

namespace RustyOnions.Bridges.Tests.S3;

public sealed class S3XmlTests
{
    [Fact]
    public void Error_document_never_has_an_empty_message_and_escapes_text()
    {
        var xml = Encoding.UTF8.GetString(S3Xml.Error("NoSuchKey", string.Empty, "/b/<k>&", "ABC"));
        Assert.Contains("<Code>NoSuchKey</Code><Message>NoSuchKey</Message><Resource>/b/&lt;k&gt;&amp;</Resource><RequestId>ABC</RequestId>", xml, StringComparison.Ordinal);
        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
        Assert.Equal("X", new S3Exception(400, "X", string.Empty).Message);
    }

    [Fact]
    public void Parse_rejects_dtds_as_MalformedXML()
    {
        var e = Assert.Throws<S3Exception>(() => S3Xml.Parse(Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"b\">]><Delete>&a;</Delete>")));
        Assert.Equal("MalformedXML", e.Code);
    }

    [Fact]
    public void Conditions_match_quoted_unquoted_weak_and_star()
    {
        Assert.True(S3Conditions.Matches("\"abc\"", "\"abc\""));
        Assert.True(S3Conditions.Matches("abc", "\"abc\""));
        Assert.True(S3Conditions.Matches("W/\"abc\", \"x\"", "\"abc\""));
        Assert.True(S3Conditions.Matches("*", "\"abc\""));
        Assert.False(S3Conditions.Matches("\"abd\"", "\"abc\""));
    }

    [Fact]
    public void Access_keys_parse_and_reject_bad_entries()
    {
        var keys = S3AccessKey.ParseList("A:s:t1, B:s2:t2");
        Assert.Equal(["A", "B"], keys.Select(k => k.AccessKeyId));
        Assert.Equal("t2", keys[1].Tenant);
        Assert.Throws<FormatException>(() => S3AccessKey.ParseList("A:s"));
        Assert.DoesNotContain("s2", keys[1].ToString(), StringComparison.Ordinal);
    }
}
