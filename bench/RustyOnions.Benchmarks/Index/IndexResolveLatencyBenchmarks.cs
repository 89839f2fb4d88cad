using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace RustyOnions.Benchmarks.Index;

/// <summary>
/// One resolve per measured iteration, so BenchmarkDotNet's P50/P95/P99 columns are per-call
/// latencies (timer overhead included) rather than percentiles of batch means.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 50, iterationCount: 3000, invocationCount: 1)]
[Config(typeof(PercentileConfig))]
public class IndexResolveLatencyBenchmarks : IndexResolveBenchmarks
{
    private sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public PercentileConfig()
        {
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P50, BenchmarkDotNet.Columns.StatisticColumn.P95, new P99Column(), BenchmarkDotNet.Columns.StatisticColumn.P100);
        }
    }
}
