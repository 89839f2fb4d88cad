namespace RustyOnions.Erasure.Kernels;

/// <summary>
/// How many output rows one pass of a kernel accumulates. Kernels are generic over a struct that
/// implements this, so the JIT compiles one loop per size with the unused accumulators folded away
/// (a hand-written loop per size, without writing each by hand).
/// </summary>
internal interface IGroupSize
{
    static abstract int Value { get; }
}

internal readonly struct Group1 : IGroupSize { public static int Value => 1; }

internal readonly struct Group2 : IGroupSize { public static int Value => 2; }

internal readonly struct Group3 : IGroupSize { public static int Value => 3; }

internal readonly struct Group4 : IGroupSize { public static int Value => 4; }

internal readonly struct Group5 : IGroupSize { public static int Value => 5; }

internal readonly struct Group6 : IGroupSize { public static int Value => 6; }

internal readonly struct Group7 : IGroupSize { public static int Value => 7; }

internal readonly struct Group8 : IGroupSize { public static int Value => 8; }
