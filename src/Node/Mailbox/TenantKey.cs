using System.Buffers.Binary;

namespace RustyOnions.Node.Mailbox;

internal static class TenantKey
{
    /// <summary>16-byte big-endian form, so SQLite orders and compares tenants like numbers.</summary>
    public static byte[] ToBytes(UInt128 tenant)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, tenant);
        return bytes;
    }
}
