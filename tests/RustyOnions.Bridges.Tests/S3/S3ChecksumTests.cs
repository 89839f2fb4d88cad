using RustyOnions.Bridges.S3.Http;

namespace RustyOnions.Bridges.Tests.S3;

public sealed class S3ChecksumTests
{
    // Check values of "123456789" for each CRC (CRC catalogue), as big-endian base64.
    [Theory]
    [InlineData("crc32", "y/Q5Jg==")]
    [InlineData("crc32c", "4waSgw==")]
    [InlineData("crc64nvme", "rosUhgp5mIg=")]
    public void Crc_check_values(string algorithm, string expected)
    {
        var c = S3Checksum.Create(algorithm)!;
        c.Append("12345"u8);
        c.Append("6789"u8);
        Assert.Equal(expected, c.ToBase64());
    }
}
