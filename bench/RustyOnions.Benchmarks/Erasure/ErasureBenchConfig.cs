using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>
/// Adds the GB/s-of-input column, allocated bytes (the codec must allocate nothing per stripe),
/// and Median/Min: the shared 2-core machines are noisy, and the median resists a preempted
/// iteration better than the mean.
/// </summary>
internal sealed class ErasureBenchConfig : ManualConfig
{
    public ErasureBenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, new InputThroughputColumn());
    }
}
