using System.Globalization;
using System.Text;
using RustyOnions.Integration.Tests.S3;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Content;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Auth;

/// <summary>
/// One real node with RON_AUTH=required, a trusted issuer besides its own key, a revocation list and a
/// denylist (both files in the temp dir, edited by tests), a legal banner and S3 keys.
/// </summary>
public sealed class AuthNodeFixture : IAsyncLifetime
{
    /// <summary>Cap id pre-listed in the revocation file.</summary>
    public const string RevokedId = "00000000000000000000000000000bad";

    public const string AbuseContact = "abuse@example.test";

    /// <summary>The bytes whose address starts on the denylist.</summary>
    public static readonly byte[] DeniedBytes = Encoding.UTF8.GetBytes("content this operator will not serve");

    private readonly TempDir _dir = new("ron-auth");

    /// <summary>A trusted issuer (RON_CAP_ISSUERS), fixed seed.</summary>
    public CapIssuer Issuer { get; } = new(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    /// <summary>A key the node does not trust.</summary>
    public CapIssuer Stranger { get; } = new(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());

    public NodeProcess Node { get; private set; } = null!;

    public string RevocationsFile => _dir.Combine("revoked.txt");

    public string DenylistFile => _dir.Combine("denylist.txt");

    public string DataDir => _dir.Combine("data");

    public static ContentId DeniedAddr => ContentId.Compute(DeniedBytes);

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(RevocationsFile, "# revoked caps\n" + RevokedId + "\n");
        await File.WriteAllTextAsync(DenylistFile, "# blocked on this node\n" + DeniedAddr + "  # ticket 1\n");
        Node = await NodeProcess.StartAsync(DataDir, new Dictionary<string, string>
        {
            ["RON_AUTH"] = "required",
            ["RON_CAP_ISSUERS"] = Convert.ToHexStringLower(Issuer.PublicKey),
            ["RON_REVOCATIONS"] = RevocationsFile,
            ["RON_DENYLIST"] = DenylistFile,
            ["RON_BANNER_OPERATOR"] = "Example Operator Ltd",
            ["RON_BANNER_JURISDICTION"] = "NL",
            ["RON_BANNER_ABUSE_CONTACT"] = AbuseContact,
            ["RON_BANNER_TERMS"] = "https://example.test/terms",
            ["RON_S3_ACCESS_KEYS"] = $"{S3Fixture.AccessKey}:{S3Fixture.Secret}:alice",
        });
    }

    /// <summary>A cap from the trusted issuer, valid for an hour.</summary>
    public CapToken Cap(UInt128 tenant, string ops, byte[]? id = null) =>
        Issuer.Issue(tenant, ops.Split(',').Select(CapOp.Parse), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), id: id);

    /// <summary>Atomically replaces a list file (write then rename, as operators should).</summary>
    public static async Task ReplaceAsync(string path, string text)
    {
        var tmp = path + ".tmp" + Random.Shared.Next().ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The hex public key of a node's identity.key (the operator key).</summary>
    public static string OperatorKeyOf(string dataDir)
    {
        var pem = File.ReadAllText(Path.Combine(dataDir, "identity.key"));
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var seed = der[^32..];
        var pub = new byte[32];
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(seed, 0, pub, 0);
        return Convert.ToHexStringLower(pub);
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AuthNodeFixture>
{
    public const string Name = "auth-node";
}
