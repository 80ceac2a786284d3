using Clavis.Core.Crypto;
using Clavis.Core.Identity;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;

namespace Clavis.Core.Tests.Crypto;

/// <summary>The stream registry: owner-bound, bounded, expiring, and every ended stream's state disposed (zeroed).</summary>
public sealed class CryptoStreamRegistryTests
{
    private static readonly ClientIdentity s_bob = new("bob", "CN=bob, O=Clavis", "CC", []);

    [Fact]
    public async Task Another_client_cannot_continue_a_stream_and_learns_nothing_about_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var registry = new CryptoStreamRegistry(new CryptoStreamOptions());
        var state = new DisposalSpy();
        byte[] correlation = registry.Start(fixture.Context(), Operation.Encrypt, "key-1", state);

        KmipException foreign = Assert.Throws<KmipException>(() => registry.Take(fixture.Context(s_bob), Operation.Encrypt, correlation));
        KmipException unknown = Assert.Throws<KmipException>(() => registry.Take(fixture.Context(s_bob), Operation.Encrypt, new byte[16]));
        Assert.Equal(ResultReason.InvalidCorrelationValue, foreign.Reason);
        Assert.Equal(unknown.Message, foreign.Message);

        // The owner still has it, and only for the operation that opened it.
        Assert.Throws<KmipException>(() => registry.Take(fixture.Context(), Operation.Decrypt, correlation));
        using CryptoStream stream = registry.Take(fixture.Context(), Operation.Encrypt, correlation);
        Assert.Same(state, stream.State);
        Assert.False(state.Disposed);
    }

    [Fact]
    public async Task A_part_naming_another_object_ends_the_stream()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var registry = new CryptoStreamRegistry(new CryptoStreamOptions());
        var state = new DisposalSpy();
        byte[] correlation = registry.Start(fixture.Context(), Operation.Encrypt, "key-1", state);

        KmipException refused = Assert.Throws<KmipException>(() => registry.Take(fixture.Context(), Operation.Encrypt, correlation, "key-2"));

        Assert.Equal(ResultReason.InvalidField, refused.Reason);
        Assert.Contains("key-1", refused.Message, StringComparison.Ordinal);
        Assert.True(state.Disposed);
        Assert.Throws<KmipException>(() => registry.Take(fixture.Context(), Operation.Encrypt, correlation, "key-1"));
    }

    [Fact]
    public async Task A_taken_stream_is_out_of_the_registry_until_returned()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var registry = new CryptoStreamRegistry(new CryptoStreamOptions());
        byte[] correlation = registry.Start(fixture.Context(), Operation.MAC, "key-1", new DisposalSpy());
        CryptoStream stream = registry.Take(fixture.Context(), Operation.MAC, correlation);
        Assert.Throws<KmipException>(() => registry.Take(fixture.Context(), Operation.MAC, correlation));
        registry.Return(stream, fixture.Clock.UtcNow);
        Assert.Same(stream, registry.Take(fixture.Context(), Operation.MAC, correlation));
    }

    [Fact]
    public async Task An_idle_stream_expires_and_its_state_is_disposed()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var registry = new CryptoStreamRegistry(new CryptoStreamOptions { IdleTimeout = TimeSpan.FromMinutes(5) });
        var state = new DisposalSpy();
        byte[] correlation = registry.Start(fixture.Context(), Operation.Encrypt, "key-1", state);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));

        KmipException expired = Assert.Throws<KmipException>(() => registry.Take(fixture.Context(), Operation.Encrypt, correlation));
        Assert.Equal(ResultReason.InvalidCorrelationValue, expired.Reason);
        Assert.True(state.Disposed);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public async Task Streams_are_bounded_per_client_and_the_refusal_maps_for_1_x()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var registry = new CryptoStreamRegistry(new CryptoStreamOptions { MaxStreamsPerClient = 2 });
        registry.Start(fixture.Context(), Operation.Hash, null, new DisposalSpy());
        registry.Start(fixture.Context(), Operation.Hash, null, new DisposalSpy());

        KmipException full = Assert.Throws<KmipException>(() => registry.Start(fixture.Context(), Operation.Hash, null, new DisposalSpy()));
        Assert.Equal(ResultReason.ServerLimitExceeded, full.Reason);
        KmipException old = Assert.Throws<KmipException>(() => registry.Start(fixture.Context(version: ProtocolVersion.V1_4), Operation.Hash, null, new DisposalSpy()));
        Assert.Equal(ResultReason.GeneralFailure, old.Reason);

        // Another client is not affected by Alice's streams.
        registry.Start(fixture.Context(s_bob), Operation.Hash, null, new DisposalSpy());
        Assert.Equal(3, registry.Count);
    }

    private sealed class DisposalSpy : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
