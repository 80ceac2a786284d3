namespace Clavis.Audit.Tests;

/// <summary>The verifier's read-ahead: same items in the same order, the source's failure where it happened, and an early stop that frees the source.</summary>
public sealed class ReadAheadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(10_001)]
    public void Every_item_arrives_once_in_order(int count)
    {
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Of(Enumerable.Range(0, count), batchSize: 512, batchesAhead: 2));
    }

    [Fact]
    public void A_failure_of_the_source_surfaces_after_the_items_before_it_with_its_own_type()
    {
        var seen = new List<int>();

        var e = Assert.Throws<IOException>(() =>
        {
            foreach (int item in ReadAhead.Of(Failing(after: 1000), batchSize: 64))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("disk gone", e.Message);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public void Stopping_early_stops_the_reader_and_disposes_the_source_before_returning()
    {
        var source = new Endless();

        using (IEnumerator<int> items = ReadAhead.Of(source, batchSize: 16, batchesAhead: 2).GetEnumerator())
        {
            Assert.True(items.MoveNext());
            Assert.Equal(0, items.Current);
        }

        Assert.True(source.Disposed);
        // The reader stopped at the bound: at most the batches ahead, the one in hand and the one being filled.
        Assert.InRange(source.Produced, 1, 16 * 4 + 1);
    }

    private static IEnumerable<int> Failing(int after)
    {
        for (int i = 0; i < after; i++)
        {
            yield return i;
        }

        throw new IOException("disk gone");
    }

    private sealed class Endless : IEnumerable<int>
    {
        public volatile bool Disposed;
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public IEnumerator<int> GetEnumerator()
        {
            try
            {
                while (true)
                {
                    yield return Interlocked.Increment(ref _produced) - 1;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
