using System.Text;
using RustyOnions.Proto.Errors;

namespace RustyOnions.Proto.Tests.Oap;

public sealed class ErrorEnvelopeReasonTests
{
    [Fact]
    public void Reason_is_written_last_and_parsed_back()
    {
        var e = new OapErrorEnvelope("TOO_LARGE", "COMP payload decompresses past 65536 bytes (decompressed_size)", false, 18, null, "decompressed_size");
        var json = Encoding.UTF8.GetString(e.ToUtf8());
        Assert.Equal("""{"code":"TOO_LARGE","message":"COMP payload decompresses past 65536 bytes (decompressed_size)","retryable":false,"corr_id":"18","reason":"decompressed_size"}""", json);
        Assert.Equal(e, OapErrorEnvelope.TryParse(e.ToUtf8()));
    }

    [Fact]
    public void Envelope_without_reason_has_no_reason_field_and_parses_to_null()
    {
        var bytes = new OapErrorEnvelope("OVER_QUOTA", "slow down", true, 7, 250).ToUtf8();
        Assert.DoesNotContain("reason", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(OapErrorEnvelope.TryParse(bytes)!.Reason);
        Assert.Null(OapErrorEnvelope.TryParse("""{"code":"X","reason":5}"""u8)!.Reason);
    }
}
