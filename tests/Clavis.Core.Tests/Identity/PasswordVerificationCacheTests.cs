using Clavis.Core.Identity;

namespace Clavis.Core.Tests.Identity;

public sealed class PasswordVerificationCacheTests
{
    [Fact]
    public void Entries_differ_by_kind_name_version_and_password_and_never_hold_the_password()
    {
        var cache = new PasswordVerificationCache(100);
        PasswordVerificationCache.Digest digest = cache.Compute(1, "alice", 3, "secret"u8);
        cache.Add(digest);

        Assert.True(cache.Contains(cache.Compute(1, "alice", 3, "secret"u8)));
        Assert.False(cache.Contains(cache.Compute(2, "alice", 3, "secret"u8)));
        Assert.False(cache.Contains(cache.Compute(1, "alic", 3, "esecret"u8)));
        Assert.False(cache.Contains(cache.Compute(1, "alice", 4, "secret"u8)));
        Assert.False(cache.Contains(cache.Compute(1, "alice", 3, "Secret"u8)));
        // Another process (another key) computes other digests for the same input.
        Assert.NotEqual(digest, new PasswordVerificationCache(100).Compute(1, "alice", 3, "secret"u8));
    }

    [Fact]
    public void The_cache_stays_within_its_capacity_and_keeps_an_entry_in_use()
    {
        var cache = new PasswordVerificationCache(8);
        PasswordVerificationCache.Digest busy = cache.Compute(1, "busy", 1, "password"u8);
        cache.Add(busy);
        for (int i = 0; i < 100; i++)
        {
            cache.Add(cache.Compute(1, $"user{i}", 1, "password"u8));
            Assert.True(cache.Contains(busy));
            Assert.True(cache.Count <= 8, $"{cache.Count} entries");
        }
    }
}
