using System.Collections.Concurrent;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// A small bounded pool of pre-generated RSA key pairs per modulus size, refilled by one background thread.
/// RSA-2048 generation costs ~290 ms of CPU on the reference machine (DESIGN.md); taking a pooled pair makes
/// Create Key Pair answer in microseconds while the pool has stock. A size is filled once it has been asked
/// for (or is in <see cref="RsaKeyPoolOptions.PrefillSizes"/>). Pooled pairs never leave the process unused:
/// disposing the pool zeroes them.
/// </summary>
/// <remarks>
/// A pooled key is generated before the request that takes it, so its generation time is not the object's
/// creation time; nothing in KMIP records generation time apart from Initial Date, which is set when the
/// object is created from the pair.
/// </remarks>
public sealed class RsaKeyPool : IDisposable
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<int, ConcurrentQueue<AsymmetricKeyPair>> _stock = new();
    private readonly SemaphoreSlim _wanted = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread? _refiller;
    private int _disposed;

    /// <summary>Creates the pool and, when pooling is enabled, its refill thread.</summary>
    public RsaKeyPool(RsaKeyPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CapacityPerSize);
        _capacity = options.CapacityPerSize;
        if (_capacity == 0)
        {
            return;
        }

        foreach (int size in options.PrefillSizes)
        {
            _ = KeyPairSpec.Rsa(size);
            _stock.TryAdd(size, new ConcurrentQueue<AsymmetricKeyPair>());
        }

        // A dedicated background thread: generation runs for hundreds of milliseconds at a time and must not
        // hold thread-pool threads that serve requests.
        _refiller = new Thread(Refill) { IsBackground = true, Name = "RSA key pool", Priority = ThreadPriority.BelowNormal };
        _refiller.Start();
        if (options.PrefillSizes.Count > 0)
        {
            _wanted.Release();
        }
    }

    /// <summary>How many pairs of <paramref name="modulusBits"/> are ready.</summary>
    public int Available(int modulusBits) => _stock.TryGetValue(modulusBits, out ConcurrentQueue<AsymmetricKeyPair>? queue) ? queue.Count : 0;

    /// <summary>
    /// A pair of <paramref name="modulusBits"/>: a pooled one when there is one, else generated now on the calling
    /// thread. Either way the pool is topped up in the background. The caller owns and disposes the pair.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not one generated (2048, 3072, 4096).</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public AsymmetricKeyPair Take(int modulusBits)
    {
        KeyPairSpec spec = KeyPairSpec.Rsa(modulusBits);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_capacity == 0)
        {
            return KeyPairGenerator.Generate(spec);
        }

        ConcurrentQueue<AsymmetricKeyPair> queue = _stock.GetOrAdd(modulusBits, _ => new ConcurrentQueue<AsymmetricKeyPair>());
        bool taken = queue.TryDequeue(out AsymmetricKeyPair? pair);
        _wanted.Release();
        return taken ? pair! : KeyPairGenerator.Generate(spec);
    }

    /// <summary>Stops refilling and zeroes every pooled pair.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        // A generation under way finishes on its own; the refill loop disposes what it makes after this point.
        Drain();
    }

    private void Refill()
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                _wanted.Wait(stopping);
                foreach ((int size, ConcurrentQueue<AsymmetricKeyPair> queue) in _stock)
                {
                    while (queue.Count < _capacity && !stopping.IsCancellationRequested)
                    {
                        queue.Enqueue(KeyPairGenerator.Generate(KeyPairSpec.Rsa(size)));
                        if (Volatile.Read(ref _disposed) != 0)
                        {
                            Drain();
                            return;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed while waiting.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting.
        }
        finally
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                Drain();
            }
        }
    }

    private void Drain()
    {
        foreach (ConcurrentQueue<AsymmetricKeyPair> queue in _stock.Values)
        {
            while (queue.TryDequeue(out AsymmetricKeyPair? pair))
            {
                pair.Dispose();
            }
        }
    }
}
