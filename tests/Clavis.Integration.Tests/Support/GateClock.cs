using Clavis.Core.Ports;

namespace Clavis.Integration.Tests.Support;

/// <summary>
/// The system clock, except that once armed the next reading blocks until released. The dispatcher reads
/// the clock while it processes a request, so arming it holds exactly one request in flight.
/// </summary>
public sealed class GateClock : IClock, IDisposable
{
    private readonly ManualResetEventSlim _release = new(initialState: true);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when an armed reading is blocked.</summary>
    public Task Entered => _entered.Task;

    public DateTimeOffset UtcNow
    {
        get
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _entered.TrySetResult();
                _release.Wait(TimeSpan.FromSeconds(60));
            }

            return DateTimeOffset.UtcNow;
        }
    }

    public void Arm()
    {
        _release.Reset();
        Volatile.Write(ref _armed, 1);
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
    }
}
