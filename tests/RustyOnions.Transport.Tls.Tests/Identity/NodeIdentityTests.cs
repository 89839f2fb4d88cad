using System.Diagnostics;
using RustyOnions.Proto.Addressing;
using RustyOnions.Transport.Tls.Identity;
using RustyOnions.Transport.Tls.Tests.Support;

namespace RustyOnions.Transport.Tls.Tests.Identity;

// File modes are the point of several tests; the project runs on Linux (Debian 12).
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NodeIdentityTests
{
    [Fact]
    public void LoadOrCreate_persists_key_with_mode_0600_and_reload_gives_same_peer()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        PeerId first;
        using (var created = NodeIdentity.LoadOrCreate(data))
        {
            first = created.PeerId;
            Assert.False(created.IsEphemeral);
            Assert.Equal(Path.Combine(data, "identity.key"), created.KeyPath);
        }

        var path = Path.Combine(data, NodeIdentity.KeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(data, "*.tmp-*"));

        using var reloaded = NodeIdentity.LoadOrCreate(data);
        Assert.Equal(first, reloaded.PeerId);
        Assert.Equal(PeerId.FromPublicKey(reloaded.PublicKey), reloaded.PeerId);
    }

    [Fact]
    public void Key_file_is_standard_pkcs8_that_openssl_reads_to_the_same_public_key()
    {
        using var dir = new TempDir();
        using var identity = NodeIdentity.LoadOrCreate(dir.Path);
        var start = new ProcessStartInfo("openssl", ["pkey", "-in", identity.KeyPath!, "-pubout", "-outform", "DER"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var openssl = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start; run scripts/deps/tls.sh");
        using var output = new MemoryStream();
        openssl.StandardOutput.BaseStream.CopyTo(output);
        var stderr = openssl.StandardError.ReadToEnd();
        Assert.True(openssl.WaitForExit(10_000), "openssl did not exit");
        Assert.True(openssl.ExitCode == 0, "openssl pkey failed: " + stderr);
        var der = output.ToArray();
        Assert.Equal(44, der.Length);
        Assert.Equal(Convert.ToHexString(identity.PublicKey), Convert.ToHexString(der.AsSpan(12)));
    }

    [Fact]
    public void Key_file_readable_by_others_is_refused_with_chmod_hint()
    {
        using var dir = new TempDir();
        NodeIdentity.LoadOrCreate(dir.Path).Dispose();
        var path = Path.Combine(dir.Path, NodeIdentity.KeyFileName);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<NodeIdentityException>(() => NodeIdentity.LoadOrCreate(dir.Path));
        Assert.Contains($"chmod 600 {path}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key at all", "is not PEM text")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n", "'PUBLIC KEY' PEM block")]
    // An X25519 key (OID 1.3.101.110) in an otherwise valid PKCS#8 structure.
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n", "algorithm 1.3.101.110")]
    // A 31-byte seed.
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC0CAQAwBQYDK2VwBCEEHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n-----END PRIVATE KEY-----\n", "found 31")]
    public void Malformed_key_file_is_refused_naming_the_file(string content, string reason)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, NodeIdentity.KeyFileName);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<NodeIdentityException>(() => NodeIdentity.LoadOrCreate(dir.Path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_runs_agree_on_one_identity()
    {
        using var dir = new TempDir();
        var peers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var id = NodeIdentity.LoadOrCreate(dir.Path);
            return id.PeerId;
        })));
        Assert.Single(peers.Distinct());
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Ephemeral_identities_are_distinct_and_write_nothing()
    {
        using var a = NodeIdentity.CreateEphemeral();
        using var b = NodeIdentity.CreateEphemeral();
        Assert.True(a.IsEphemeral);
        Assert.Null(a.KeyPath);
        Assert.NotEqual(a.PeerId, b.PeerId);
    }

    [Fact]
    public void Signature_verifies_only_for_same_key_and_data()
    {
        using var a = NodeIdentity.CreateEphemeral();
        using var b = NodeIdentity.CreateEphemeral();
        byte[] data = [1, 2, 3, 4];
        var sig = a.Sign(data);
        Assert.Equal(NodeIdentity.SignatureLength, sig.Length);
        Assert.True(NodeIdentity.Verify(a.PublicKey, data, sig));
        Assert.False(NodeIdentity.Verify(b.PublicKey, data, sig));
        Assert.False(NodeIdentity.Verify(a.PublicKey, [1, 2, 3, 5], sig));
        sig[10] ^= 1;
        Assert.False(NodeIdentity.Verify(a.PublicKey, data, sig));
        Assert.False(NodeIdentity.Verify(a.PublicKey[..31], data, a.Sign(data)));
    }

    [Fact]
    public void Sign_after_dispose_throws()
    {
        var a = NodeIdentity.CreateEphemeral();
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.Sign([1]));
    }
}
