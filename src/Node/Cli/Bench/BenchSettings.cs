namespace RustyOnions.Node.Cli.Bench;

/// <summary>What `ron bench` runs, validated once before any connection is opened.</summary>
internal sealed record BenchSettings
{
    /// <summary>Operations `--op` accepts.</summary>
    public static readonly IReadOnlyList<string> Ops = ["get-small", "get-large", "put", "mailbox", "mailbox-cycle", "resolve", "resolve-fanout"];

    public required string Op { get; init; }

    public int Conns { get; init; } = 16;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; }

    public int? Size { get; init; }

    public int Names { get; init; } = 100_000;

    /// <summary>Open-loop target in requests per second across all connections; 0 = closed loop.</summary>
    public double Rate { get; init; }

    public UInt128? Tenant { get; init; }

    public UInt128? NoiseTenant { get; init; }

    public double NoiseRate { get; init; }

    public int NoiseConns { get; init; } = 4;

    /// <summary>Open-loop safety valve: requests outstanding beyond this are counted as SATURATED, not sent.</summary>
    public int MaxOutstanding { get; init; } = 10_000;

    public bool Overload => NoiseTenant is not null;

    public int ObjectSize => Size ?? Op switch
    {
        "get-small" => 1024,
        "get-large" => 64 << 20,
        "put" => 1 << 20,
        _ => 16,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public void Validate()
    {
        if (!Ops.Contains(Op))
        {
            throw new ArgumentException($"unknown --op '{Op}' ({string.Join(", ", Ops)})");
        }

        if (Conns < 1 || Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero)
        {
            throw new ArgumentException("--conns must be >= 1, --duration > 0 and --warmup >= 0");
        }

        if (Rate < 0 || double.IsNaN(Rate))
        {
            throw new ArgumentException("--rate must be >= 0 (0 = closed loop)");
        }

        if (Overload && (Rate <= 0 || NoiseRate <= 0 || NoiseConns < 1))
        {
            throw new ArgumentException("--noise-tenant needs --rate > 0 for the measured tenant, --noise-rate > 0 and --noise-conns >= 1");
        }

        if (NoiseTenant is not null && NoiseTenant == (Tenant ?? 0))
        {
            throw new ArgumentException("--noise-tenant must differ from --tenant");
        }
    }
}
