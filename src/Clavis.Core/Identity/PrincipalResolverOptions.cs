using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity;

/// <summary>Settings of a <see cref="PrincipalResolver"/>.</summary>
public sealed record PrincipalResolverOptions
{
    /// <summary>Successful password verifications remembered (each about 100 bytes); 10 000 by default.</summary>
    public int VerificationCacheCapacity { get; init; } = 10_000;

    /// <summary>
    /// Password hashes computed at once. Each Argon2id hash holds its memory cost (19 MiB by default) and a core for
    /// tens of milliseconds, so the rest wait; the number of cores by default.
    /// </summary>
    public int MaxConcurrentHashes { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The cost of the stand-in hash computed for an unknown user or device, so that a refusal takes as long whether or not
    /// the name exists; set it to the cost new passwords get.
    /// </summary>
    public Argon2idCost UnknownNameCost { get; init; } = Argon2idCost.Default;
}
