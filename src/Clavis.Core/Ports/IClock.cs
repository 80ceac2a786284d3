namespace Clavis.Core.Ports;

/// <summary>The time, injectable so that tests can move it.</summary>
public interface IClock
{
    /// <summary>Now, in UTC.</summary>
    DateTimeOffset UtcNow { get; }
}
