using RustyOnions.Bridges.S3.Http;

namespace RustyOnions.Bridges.Tests.S3;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData(null, RangeKind.Whole, 0, 999)]
    [InlineData("bytes=0-99", RangeKind.Partial, 0, 99)]
    [InlineData("bytes=0-", RangeKind.Partial, 0, 999)]
    [InlineData("bytes=-1", RangeKind.Partial, 999, 999)]
    [InlineData("bytes=-5000", RangeKind.Partial, 0, 999)]
    [InlineData("bytes=500-5000", RangeKind.Partial, 500, 999)]
    [InlineData("bytes=1000-", RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-0", RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-1,3-4", RangeKind.Whole, 0, 999)]
    [InlineData("bytes=9-3", RangeKind.Whole, 0, 999)]
    [InlineData("bytes=x-3", RangeKind.Whole, 0, 999)]
    [InlineData("pages=0-3", RangeKind.Whole, 0, 999)]
    [InlineData(" BYTES = 1-2", RangeKind.Whole, 0, 999)]
    public void Evaluate_follows_s3(string? header, RangeKind kind, long start, long end)
    {
        var r = ByteRange.Evaluate(header, 1000);
        Assert.Equal(kind, r.Kind);
        if (kind != RangeKind.Unsatisfiable)
        {
            Assert.Equal((start, end), (r.Start, r.End));
        }
    }

    [Fact]
    public void Any_range_of_an_empty_object_is_unsatisfiable() =>
        Assert.Equal(RangeKind.Unsatisfiable, ByteRange.Evaluate("bytes=0-", 0).Kind);
}
