using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RustyOnions.Benchmarks.Erasure;

/// <summary>Bytes of input (k x shard size) one operation of a benchmark class processes.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class InputBytesAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>"GB/s" column: input bytes per operation / mean time, the unit ISA-L's own perf tools report.</summary>
internal sealed class InputThroughputColumn : IColumn
{
    public string Id => nameof(InputThroughputColumn);

    public string ColumnName => "GB/s (input)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "input bytes (k x shard size) per second / 1e9";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = benchmarkCase.Descriptor.Type.GetCustomAttribute<InputBytesAttribute>()?.Bytes;
        var report = summary[benchmarkCase];
        if (bytes is null || report?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        return (bytes.Value / stats.Mean).ToString("F2", System.Globalization.CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
