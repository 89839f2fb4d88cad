using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>
/// k of a benchmark class; one operation processes k x ShardSize input bytes, ShardSize being the
/// class's [Params] property of that name.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class DataShardsAttribute(int k) : Attribute
{
    public int K { get; } = k;
}

/// <summary>"GB/s" column: input bytes per operation / median time, the unit ISA-L's own perf tools report.</summary>
internal sealed class InputThroughputColumn : IColumn
{
    public string Id => nameof(InputThroughputColumn);

    public string ColumnName => "GB/s (input)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "input bytes (k x shard size) / median time, in GB/s";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var k = benchmarkCase.Descriptor.Type.GetCustomAttribute<DataShardsAttribute>()?.K;
        var shardSize = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "ShardSize")?.Value as int?;
        var report = summary[benchmarkCase];
        if (k is null || shardSize is null || report?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        return ((double)k.Value * shardSize.Value / stats.Median).ToString("F2", System.Globalization.CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
