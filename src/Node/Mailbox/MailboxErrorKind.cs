namespace RustyOnions.Node.Mailbox;

/// <summary>Why a mailbox call was refused; the node maps it to a status code.</summary>
public enum MailboxErrorKind
{
    /// <summary>Topic empty, too long or containing control characters (400).</summary>
    InvalidTopic,

    /// <summary>Body larger than <see cref="MailboxOpts.MaxBodyBytes"/> (413).</summary>
    BodyTooLarge,

    /// <summary>Idempotency key empty or too long (400).</summary>
    InvalidIdempotencyKey,

    /// <summary>RECV batch size outside 1..<see cref="MailboxOpts.MaxRecvBatch"/> (400).</summary>
    InvalidBatchSize,

    /// <summary>Visibility timeout outside (0, <see cref="MailboxOpts.MaxVisibility"/>] (400).</summary>
    InvalidVisibility,
}
