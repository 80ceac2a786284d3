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
}
