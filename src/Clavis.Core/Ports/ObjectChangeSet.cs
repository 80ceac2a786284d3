using Clavis.Core.Objects;

namespace Clavis.Core.Ports;

/// <summary>Everything one request changes, committed together or not at all.</summary>
public sealed class ObjectChangeSet
{
    /// <summary>New objects (their <see cref="ManagedObject.Version"/> is 0).</summary>
    public List<ManagedObject> Inserts { get; } = [];

    /// <summary>Changed objects, carrying the version they were read at.</summary>
    public List<ManagedObject> Updates { get; } = [];

    /// <summary>Objects removed for good (purge), carrying the version they were read at.</summary>
    public List<ManagedObject> Deletes { get; } = [];

    /// <summary>True when there is nothing to commit.</summary>
    public bool IsEmpty => Inserts.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;
}
