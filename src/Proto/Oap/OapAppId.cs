namespace RustyOnions.Proto.Oap;

/// <summary>Registered application protocol ids (<c>app_proto_id</c>); ranges in specs/oap-1.md.</summary>
public static class OapAppId
{
    /// <summary>Version and limits negotiation.</summary>
    public const ushort Hello = 0x0000;

    /// <summary>Durable mailbox: send, recv, ack.</summary>
    public const ushort Mailbox = 0x0201;

    /// <summary>Content storage: put, get, stat.</summary>
    public const ushort Storage = 0x0301;

    /// <summary>Echo: the payload comes back.</summary>
    public const ushort Echo = 0x0F01;
}
