using Clavis.Crypto.Randomness;

namespace Clavis.Crypto.Tests.Randomness;

public sealed class PublicRandomTests
{
    // A repeated 12-byte draw among 200,000 would mean bytes handed out twice (the chance of a true collision is
    // about 2^-60): across many block refills, with lengths that do not divide the block.
    [Fact]
    public void Draws_never_repeat_across_block_refills()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 200_000; i++)
        {
            Assert.True(seen.Add(Convert.ToHexString(PublicRandom.GetBytes(i % 7 == 0 ? 16 : 12))), $"draw {i} repeated an earlier one");
        }
    }

    [Fact]
    public async Task Threads_draw_from_their_own_blocks_and_never_share_bytes()
    {
        string[][] drawn = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 20_000).Select(_ => Convert.ToHexString(PublicRandom.GetBytes(12))).ToArray())));

        Assert.Equal(8 * 20_000, drawn.SelectMany(d => d).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Long_and_empty_requests_are_served_and_look_random()
    {
        byte[] large = PublicRandom.GetBytes(PublicRandom.BlockSize * 8);

        Assert.Empty(PublicRandom.GetBytes(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PublicRandom.GetBytes(-1));
        // Every byte value turns up in 8 KiB of CSPRNG output (all but certain: 256 × e^-32 to miss one) (a zeroed or repeating buffer would not).
        Assert.Equal(256, large.Distinct().Count());
    }
}
