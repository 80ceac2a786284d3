using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests.Support;

/// <summary>
/// Safe operations (Hash, checked against a local SHA-256, and RNG Retrieve) from several concurrent tasks, with a
/// server stopped in the middle: counts what was attempted and what succeeded, so a lost or failed request shows.
/// </summary>
public static class SafeLoad
{
    /// <summary>
    /// Runs <paramref name="tasks"/> tasks; once 200 requests have succeeded, runs <paramref name="stop"/> while they go
    /// on; each task then does 40 more requests before it ends. A failed request fails its task and the run.
    /// </summary>
    public static async Task<(int Attempted, int Succeeded, int AfterStop)> RunAsync(KmipClient client, Func<Task> stop, int tasks = 8)
    {
        int attempted = 0;
        int succeeded = 0;
        int afterStop = 0;
        bool stopped = false;
        var underWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task[] load = [.. Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            int mine = 0;
            while (!Volatile.Read(ref stopped) || mine < 40)
            {
                byte[] data = RandomNumberGenerator.GetBytes(64);
                if (Interlocked.Increment(ref attempted) % 2 == 0)
                {
                    HashResponsePayload hash = await client.HashAsync(HashingAlgorithm.SHA_256, data);
                    Assert.Equal(SHA256.HashData(data), hash.Data);
                }
                else
                {
                    Assert.Equal(16, (await client.RngRetrieveAsync(16)).Data!.Length);
                }

                Interlocked.Increment(ref succeeded);
                if (Volatile.Read(ref stopped))
                {
                    mine++;
                    Interlocked.Increment(ref afterStop);
                }

                if (Volatile.Read(ref succeeded) >= 200)
                {
                    underWay.TrySetResult();
                }
            }
        }))];

        // A task that failed before the stop ends the wait too, and its failure surfaces below.
        await Task.WhenAny(underWay.Task, Task.WhenAll(load));
        await stop();
        Volatile.Write(ref stopped, true);
        await Task.WhenAll(load);
        return (attempted, succeeded, afterStop);
    }
}
