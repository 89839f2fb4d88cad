namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Writes every vector file (seeded content) to a temp dir once and asks the real implementation for
/// their CIDs in one run; removes the files afterwards.</summary>
public sealed class SeededFilesFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public Dictionary<string, string> HeliaCids { get; } = [];

    public string PathOf(string name) => _dir.File(name + ".bin");

    public TempDir Dir => _dir;

    public async Task InitializeAsync()
    {
        HeliaPeer.EnsureInstalled();
        var groups = Vectors.Files().GroupBy(f => (f.GetProperty("chunk_size").GetInt32(), f.GetProperty("max_links").GetInt32()));
        foreach (var group in groups)
        {
            var names = new List<string>();
            foreach (var f in group)
            {
                string name = f.GetProperty("name").GetString()!;
                await using (var file = File.Create(PathOf(name)))
                await using (var content = new SeededContentStream(f.GetProperty("seed").GetString()!, f.GetProperty("size").GetInt64()))
                    await content.CopyToAsync(file, 1 << 20);
                names.Add(name);
            }
            var cids = await HeliaPeer.RunAsync(["cid", .. names.Select(PathOf)], group.Key.Item1, group.Key.Item2);
            Assert.Equal(names.Count, cids.Length);
            for (int i = 0; i < names.Count; i++)
                HeliaCids[names[i]] = cids[i];
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
