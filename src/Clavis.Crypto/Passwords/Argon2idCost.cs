namespace Clavis.Crypto.Passwords;

/// <summary>The cost parameters of an Argon2id hash (RFC 9106 §3.1).</summary>
/// <param name="MemoryKiB">Memory in KiB (m), at least 8 × <paramref name="Parallelism"/>.</param>
/// <param name="Iterations">Passes over the memory (t).</param>
/// <param name="Parallelism">Lanes (p).</param>
public sealed record Argon2idCost(int MemoryKiB, int Iterations, int Parallelism)
{
    /// <summary>Most memory a hash may ask for (256 MiB): verifying an imported hash must not exhaust the server.</summary>
    public const int MaxMemoryKiB = 256 * 1024;

    /// <summary>Most passes a hash may ask for.</summary>
    public const int MaxIterations = 16;

    /// <summary>Most lanes a hash may ask for.</summary>
    public const int MaxParallelism = 16;

    /// <summary>
    /// 19 MiB, 2 passes, 1 lane: the first of OWASP's Argon2id settings (Password Storage Cheat Sheet), about 50–80 ms
    /// on the 2-core development machine.
    /// </summary>
    public static Argon2idCost Default { get; } = new(19 * 1024, 2, 1);

    /// <summary>Checks the parameters against RFC 9106 and this server's limits.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Parallelism < 1 || Parallelism > MaxParallelism)
        {
            throw new ArgumentException($"Argon2id parallelism (p) must be 1 to {MaxParallelism}, not {Parallelism}");
        }

        if (Iterations < 1 || Iterations > MaxIterations)
        {
            throw new ArgumentException($"Argon2id iterations (t) must be 1 to {MaxIterations}, not {Iterations}");
        }

        // RFC 9106 §3.1: m is at least 8p KiB.
        if (MemoryKiB < 8 * Parallelism || MemoryKiB > MaxMemoryKiB)
        {
            throw new ArgumentException($"Argon2id memory (m) must be {8 * Parallelism} to {MaxMemoryKiB} KiB, not {MemoryKiB}");
        }
    }
}
