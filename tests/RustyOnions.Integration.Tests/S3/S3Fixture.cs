using Amazon.Runtime;
using Amazon.S3;
using RustyOnions.Sdk;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.S3;

/// <summary>One real node with its S3 gateway on, two tenants' keys; killed and removed at the end.</summary>
public sealed class S3Fixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDRONTEST0000001";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string OtherAccessKey = "AKIDRONTEST0000002";
    public const string OtherSecret = "otherSecretKeyForBob0000000000000000000";

    /// <summary>The bucket the fixture node lets anyone read (RON_S3_ANONYMOUS_READ).</summary>
    public const string PublicBucket = "anon-public";

    private readonly TempDir _dir = new("ron-s3");

    public NodeProcess Node { get; private set; } = null!;

    public Uri S3Uri => Node.S3Uri ?? throw new InvalidOperationException("the node did not report an s3 endpoint");

    public string DataDir => _dir.Combine("data");

    public string WorkDir => _dir.Combine("work");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        Node = await NodeProcess.StartAsync(DataDir, new Dictionary<string, string>
        {
            ["RON_MAX_OBJECT_BYTES"] = (300L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RON_S3_ACCESS_KEYS"] = $"{AccessKey}:{Secret}:alice,{OtherAccessKey}:{OtherSecret}:bob",
            ["RON_S3_ANONYMOUS_READ"] = PublicBucket,
        });
        Assert.NotNull(Node.S3Uri);
    }

    public AmazonS3Client Client(string accessKey = AccessKey, string secret = Secret) =>
        new(new BasicAWSCredentials(accessKey, secret), new AmazonS3Config
        {
            ServiceURL = S3Uri.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
        });

    public Task<RonClient> ConnectAsync() => RonClient.ConnectAsync(new RonClientOpts { Node = Node.Address });

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
public sealed class S3Collection : ICollectionFixture<S3Fixture>
{
    public const string Name = "s3 node";
}
