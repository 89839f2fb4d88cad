namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>Which blocks a CAR export carries (the trustless gateway's <c>dag-scope</c>).</summary>
public enum DagScope
{
    /// <summary>Only the root block.</summary>
    Block,
    /// <summary>The blocks needed to verify the entity (for a UnixFS file: its whole DAG, or with
    /// <c>entity-bytes</c> only the blocks covering that range).</summary>
    Entity,
    /// <summary>Every block reachable from the root.</summary>
    All,
}
