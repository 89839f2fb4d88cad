using RustyOnions.Bridges.Ipfs;
using RustyOnions.Bridges.Ipfs.Car;
using RustyOnions.Bridges.Ipfs.DagPb;
using RustyOnions.Bridges.Ipfs.Multiformats;
using RustyOnions.Bridges.Ipfs.UnixFs;

namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Seeded mutations of valid inputs: every parser either succeeds or throws an <see cref="IpfsException"/>,
/// never an IndexOutOfRange/Overflow/OutOfMemory from an unchecked length.</summary>
public class MalformedInputFuzzTests
{
    private static byte[] Mutate(byte[] input, Random rng)
    {
        var b = (byte[])input.Clone();
        switch (rng.Next(4))
        {
            case 0:
                for (int i = rng.Next(1, 4); i > 0; i--)
                    b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return b;
            case 1:
                return b[..rng.Next(b.Length)];
            case 2:
                int at = rng.Next(b.Length);
                return [.. b[..at], (byte)rng.Next(256), .. b[at..]];
            default:
                b[rng.Next(b.Length)] = 0xff;
                return b;
        }
    }

    private static void OnlyIpfsErrors(Action parse)
    {
        try
        {
            parse();
        }
        catch (IpfsException)
        {
        }
    }

    [Fact]
    public async Task Mutated_cars_yield_blocks_or_typed_errors()
    {
        var car = Convert.FromHexString(Vectors.Load("car.json").GetProperty("cars")[0].GetProperty("car_hex").GetString()!);
        var rng = new Random(1234);
        int rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            var mutated = Mutate(car, rng);
            try
            {
                var contents = await CarReader.ReadAllAsync(new MemoryStream(mutated));
                foreach (var (cid, block) in contents.Blocks)
                    Assert.True(cid.Matches(block.Span));
            }
            catch (IpfsException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 2500, $"only {rejected} of 3000 mutations rejected");
    }

    [Fact]
    public void Mutated_dag_pb_and_unixfs_blocks_decode_or_throw_typed_errors()
    {
        var node = Convert.FromHexString(Vectors.Load("dag-pb.json").GetProperty("nodes")[0].GetProperty("block_hex").GetString()!);
        var rng = new Random(99);
        for (int i = 0; i < 5000; i++)
        {
            var mutated = Mutate(node, rng);
            OnlyIpfsErrors(() =>
            {
                var pb = DagPbCodec.Decode(mutated);
                if (pb.Data is { } d)
                    UnixFsCodec.Decode(d.Span);
            });
        }
    }

    [Fact]
    public void Random_cid_strings_parse_or_throw_typed_errors()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567ABCDEFGHJKLMNPQRSTUVWXYZ1890Qmbz";
        var valid = "bafybeibgnioh23njdumqix2appobp3ediewefb72eq7cmck5nycctqppda".ToCharArray();
        var rng = new Random(7);
        for (int i = 0; i < 5000; i++)
        {
            var chars = (char[])valid.Clone();
            chars[rng.Next(chars.Length)] = alphabet[rng.Next(alphabet.Length)];
            string s = rng.Next(5) == 0 ? new string(chars, 0, rng.Next(chars.Length)) : new string(chars);
            OnlyIpfsErrors(() => Cid.Parse(s));
            var bytes = new byte[rng.Next(0, 60)];
            rng.NextBytes(bytes);
            OnlyIpfsErrors(() => Cid.FromBytes(bytes));
        }
    }
}
