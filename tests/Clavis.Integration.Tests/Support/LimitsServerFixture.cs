using Clavis.Server.Hosting;

namespace Clavis.Integration.Tests.Support;

/// <summary>A node with a one-second idle timeout and a 16 KiB message limit.</summary>
public sealed class LimitsServerFixture : ServerFixture
{
    public const int MaxMessageSize = 16 * 1024;

    protected override void Configure(ClavisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.IdleTimeoutSeconds = 1;
        settings.MaxMessageSize = MaxMessageSize;
    }
}
