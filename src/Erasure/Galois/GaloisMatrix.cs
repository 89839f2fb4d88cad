namespace RustyOnions.Erasure.Galois;

/// <summary>Row-major byte matrices over GF(2^8): the encoding matrix and decode inversions.</summary>
internal static class GaloisMatrix
{
    /// <summary>
    /// The (k+m) x k encoding matrix of ISA-L's gf_gen_cauchy1_matrix: identity on the first k rows,
    /// then row i, column j = 1/(i XOR j). Every k x k submatrix of it is invertible (the Cauchy
    /// part has distinct, disjoint x_i = i and y_j = j), which is what makes any k shards enough.
    /// </summary>
    public static byte[] Cauchy1(int dataShards, int parityShards)
    {
        int rows = dataShards + parityShards;
        var a = new byte[rows * dataShards];
        for (int i = 0; i < dataShards; i++)
        {
            a[(i * dataShards) + i] = 1;
        }

        for (int i = dataShards; i < rows; i++)
        {
            for (int j = 0; j < dataShards; j++)
            {
                a[(i * dataShards) + j] = GaloisField.Inv((byte)(i ^ j));
            }
        }

        return a;
    }

    /// <summary>
    /// Gauss-Jordan inversion of the n x n matrix <paramref name="input"/> into
    /// <paramref name="output"/>. Returns false when the matrix is singular.
    /// </summary>
    public static bool TryInvert(ReadOnlySpan<byte> input, Span<byte> output, int n)
    {
        var work = input[..(n * n)].ToArray();
        output[..(n * n)].Clear();
        for (int i = 0; i < n; i++)
        {
            output[(i * n) + i] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && work[(pivot * n) + col] == 0)
            {
                pivot++;
            }

            if (pivot == n)
            {
                return false;
            }

            if (pivot != col)
            {
                SwapRows(work, n, pivot, col);
                SwapRows(output, n, pivot, col);
            }

            byte inv = GaloisField.Inv(work[(col * n) + col]);
            ScaleRow(work, n, col, inv);
            ScaleRow(output, n, col, inv);

            for (int row = 0; row < n; row++)
            {
                byte factor = work[(row * n) + col];
                if (row == col || factor == 0)
                {
                    continue;
                }

                AddScaledRow(work, n, row, col, factor);
                AddScaledRow(output, n, row, col, factor);
            }
        }

        return true;
    }

    /// <summary>result (r x c) = left (r x n) * right (n x c).</summary>
    public static void Multiply(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result, int r, int n, int c)
    {
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                byte sum = 0;
                for (int t = 0; t < n; t++)
                {
                    sum ^= GaloisField.Mul(left[(i * n) + t], right[(t * c) + j]);
                }

                result[(i * c) + j] = sum;
            }
        }
    }

    private static void SwapRows(Span<byte> m, int n, int a, int b)
    {
        for (int j = 0; j < n; j++)
        {
            (m[(a * n) + j], m[(b * n) + j]) = (m[(b * n) + j], m[(a * n) + j]);
        }
    }

    private static void ScaleRow(Span<byte> m, int n, int row, byte factor)
    {
        for (int j = 0; j < n; j++)
        {
            m[(row * n) + j] = GaloisField.Mul(m[(row * n) + j], factor);
        }
    }

    private static void AddScaledRow(Span<byte> m, int n, int target, int source, byte factor)
    {
        for (int j = 0; j < n; j++)
        {
            m[(target * n) + j] ^= GaloisField.Mul(m[(source * n) + j], factor);
        }
    }
}
