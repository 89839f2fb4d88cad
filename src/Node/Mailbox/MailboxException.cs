namespace RustyOnions.Node.Mailbox;

/// <summary>A mailbox call violated a limit; nothing was changed.</summary>
public sealed class MailboxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailboxException(MailboxErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>What was wrong.</summary>
    public MailboxErrorKind Kind { get; }
}
