namespace Clavis.Client.Tests.Support;

/// <summary>Tests that each get a fresh group of real nodes (<see cref="ServerGroup"/>), stopped after the test.</summary>
/// <param name="nodes">How many nodes the group starts.</param>
public abstract class ServerGroupTests(int nodes) : IAsyncLifetime
{
    private ServerGroup? _group;

    /// <summary>The nodes of the current test.</summary>
    protected ServerGroup Group => _group!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => _group = await ServerGroup.StartAsync(nodes);

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }

    /// <summary>
    /// Sends requests until <paramref name="client"/> is back on node <paramref name="index"/> (after its back-off a
    /// request probes it), within ~10 s, and asserts that it is.
    /// </summary>
    protected async Task UntilServerAsync(KmipClient client, int index)
    {
        for (int i = 0; i < 100 && client.Server != Group.Endpoint(index); i++)
        {
            await client.RngRetrieveAsync(8);
            if (client.Server != Group.Endpoint(index))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(Group.Endpoint(index), client.Server);
    }
}
