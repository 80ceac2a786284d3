namespace Clavis.Crypto.Asymmetric;

/// <summary>Settings of the <see cref="RsaKeyPool"/>.</summary>
public sealed record RsaKeyPoolOptions
{
    /// <summary>How many pre-generated pairs of each size the pool keeps; 0 disables pooling. Default 4.</summary>
    public int CapacityPerSize { get; init; } = 4;

    /// <summary>
    /// Sizes filled from the start. Other sizes are filled only after their first request, so a server that
    /// never makes RSA keys never spends CPU on them. Default none.
    /// </summary>
    public IReadOnlyList<int> PrefillSizes { get; init; } = [];
}
