using Clavis.Crypto.Secrets;

namespace Clavis.Crypto.Tests;

public sealed class SecretBytesTests
{
    [Fact]
    public void Dispose_zeroes_the_buffer_it_owns()
    {
        byte[] owned = [1, 2, 3, 4];
        var secret = SecretBytes.TakeOwnership(owned);
        Assert.Equal(4, secret.Length);
        secret.Dispose();
        Assert.All(owned, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => secret.Span.Length);
    }
}
