namespace RustyOnions.Bridges.Ipfs.UnixFs;

/// <summary>UnixFS Data.Type (field 1).</summary>
public enum UnixFsType
{
    /// <summary>Raw (0): legacy leaf holding bytes in Data.</summary>
    Raw = 0,
    /// <summary>Directory (1).</summary>
    Directory = 1,
    /// <summary>File (2): bytes in Data and/or children listed with blocksizes.</summary>
    File = 2,
    /// <summary>Metadata (3).</summary>
    Metadata = 3,
    /// <summary>Symlink (4).</summary>
    Symlink = 4,
    /// <summary>HAMTShard (5): sharded directory.</summary>
    HamtShard = 5,
}
