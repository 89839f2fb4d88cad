using System.Text;
using BenchmarkDotNet.Attributes;
using RustyOnions.Proto.Caps;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Benchmarks.Caps;

/// <summary>
/// Capability checks per request: a cold verify (decode + Ed25519, what a new token costs), the cached
/// path the node takes for a token it has seen (lookup + expiry + revocation + op), and issuing.
/// </summary>
[MemoryDiagnoser]
public class CapVerifyBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly CapIssuer _issuer = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private CapVerifier _cached = null!;
    private byte[] _field = [];
    private CapToken _token = null!;
    private CapVerifier _cold = null!;
    private byte[][] _distinct = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _token = _issuer.Issue(7, [CapOp.Parse("storage.*"), CapOp.Parse("mailbox.send")], Now.AddMinutes(-1), Now.AddHours(1));
        _field = Encoding.ASCII.GetBytes(_token.ToText());
        _cached = new CapVerifier([_issuer.PublicKey]);
        _ = _cached.Authenticate(_field, Now);

        // Twice the verifier's cache capacity, cycled in order: every lookup misses, so each call pays decode + Ed25519.
        _cold = new CapVerifier([_issuer.PublicKey]);
        _distinct = Enumerable.Range(0, 8192).Select(_ => Encoding.ASCII.GetBytes(_issuer.Issue(7, _token.Ops, Now.AddMinutes(-1), Now.AddHours(1)).ToText())).ToArray();
    }

    /// <summary>First sight of a token: base64url + decode + Ed25519 verify + cache insert.</summary>
    [Benchmark]
    public bool VerifyCold() => _cold.Verify(_distinct[_next++ & 8191], 7, OapAppId.Storage, "get", Now).Ok;

    /// <summary>A token already verified on this node: what every later START frame costs.</summary>
    [Benchmark(Baseline = true)]
    public bool VerifyCached() => _cached.Verify(_field, 7, OapAppId.Storage, "get", Now, static _ => false).Ok;

    /// <summary>Issue and sign one token (ron cap issue, an issuing service).</summary>
    [Benchmark]
    public int Issue() => _issuer.Issue(7, _token.Ops, Now, Now.AddHours(1)).Signature.Length;
}
