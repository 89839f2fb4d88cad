using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Replication;

/// <summary>A PUT stored fewer durable copies than the write quorum.</summary>
public sealed class QuorumNotReachedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QuorumNotReachedException(ContentId addr, int copies, int quorum, string detail)
        : base($"object {addr} has {copies} durable copies but the write quorum is {quorum}: {detail}")
    {
        Copies = copies;
        Quorum = quorum;
    }

    /// <summary>Creates the exception.</summary>
    public QuorumNotReachedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public QuorumNotReachedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public QuorumNotReachedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Durable copies made.</summary>
    public int Copies { get; }

    /// <summary>Copies required.</summary>
    public int Quorum { get; }
}
