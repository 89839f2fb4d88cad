namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Shares one <see cref="SeededFilesFixture"/> (≈150 MiB of files and one reference run) between the
/// interop test classes.</summary>
[CollectionDefinition(Name)]
public sealed class SeededFilesCollection : ICollectionFixture<SeededFilesFixture>
{
    public const string Name = "IPFS seeded files";
}
