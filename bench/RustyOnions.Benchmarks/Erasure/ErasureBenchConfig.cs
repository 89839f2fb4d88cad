using BenchmarkDotNet.Configs;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>Adds the GB/s-of-input column to every erasure benchmark.</summary>
internal sealed class ErasureBenchConfig : ManualConfig
{
    public ErasureBenchConfig()
    {
        AddColumn(new InputThroughputColumn());
    }
}
