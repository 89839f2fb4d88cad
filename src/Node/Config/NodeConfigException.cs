namespace RustyOnions.Node.Config;

/// <summary>The configuration is invalid; <see cref="Exception.Message"/> lists every problem, one per line.</summary>
public sealed class NodeConfigException : Exception
{
    /// <summary>Creates the exception from a list of problems.</summary>
    public NodeConfigException(IReadOnlyList<string> problems)
        : base("invalid configuration:\n  - " + string.Join("\n  - ", problems)) => Problems = problems;

    /// <summary>Creates the exception.</summary>
    public NodeConfigException()
        : this(["unknown problem"])
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeConfigException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeConfigException(string message, Exception inner)
        : base(message, inner) => Problems = [message];

    /// <summary>Each problem, naming the setting and the fix.</summary>
    public IReadOnlyList<string> Problems { get; }
}
