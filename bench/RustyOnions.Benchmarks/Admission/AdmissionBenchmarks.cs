using BenchmarkDotNet.Attributes;
using RustyOnions.Node.Admission;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Benchmarks.Admission;

/// <summary>
/// The per-request cost of admission: gate enter/exit and a token take from an existing bucket.
/// Both must allocate nothing (MemoryDiagnoser shows "-" / 0 B).
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private readonly InflightGate _gate = new(1024);
    private QuotaTable _quotas = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A huge rate so the bucket never empties during the run: we measure the take, not a refusal.
        _quotas = new QuotaTable(new Dictionary<ushort, QuotaRule> { [OapAppId.Mailbox] = new(1e12, 1e12) }, 10_000, TimeProvider.System);
        for (UInt128 t = 0; t < 1000; t++)
        {
            _quotas.TryTake(t, OapAppId.Mailbox, out _);
        }
    }

    [Benchmark]
    public bool GateEnterExit()
    {
        var ok = _gate.TryEnter();
        _gate.Exit();
        return ok;
    }

    [Benchmark]
    public bool BucketTake() => _quotas.TryTake(417, OapAppId.Mailbox, out _);

    [Benchmark]
    public bool UnlimitedAppTake() => _quotas.TryTake(417, OapAppId.Storage, out _);
}
