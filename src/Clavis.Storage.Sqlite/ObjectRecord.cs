using Clavis.Core.Objects;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// A managed object as one row and its index rows, taken when the change set is queued: encoding
/// happens on the caller's thread, not the writer's, and later changes to the object cannot leak in.
/// </summary>
internal sealed class ObjectRecord
{
    private ObjectRecord(ManagedObject source, byte[] attributes, ObjectIndex index)
    {
        Source = source;
        Id = source.Id;
        ObjectType = (long)source.ObjectType;
        State = (long)source.State;
        Version = source.Version;
        Owner = source.Owner;
        Attributes = attributes;
        DataKeyId = source.Material?.DataKeyId;
        Nonce = source.Material?.Nonce;
        Ciphertext = source.Material?.Ciphertext;
        Index = index;
    }

    /// <summary>The object whose version is set once the commit succeeds.</summary>
    public ManagedObject Source { get; }

    public string Id { get; }

    public long ObjectType { get; }

    public long State { get; }

    /// <summary>The version the object was read at (0 for an insert).</summary>
    public long Version { get; }

    public string Owner { get; }

    public byte[] Attributes { get; }

    public string? DataKeyId { get; }

    public byte[]? Nonce { get; }

    public byte[]? Ciphertext { get; }

    public ObjectIndex Index { get; }

    public static ObjectRecord From(ManagedObject managedObject) =>
        new(managedObject, AttributeSetCodec.Encode(managedObject.Attributes), ObjectIndex.From(managedObject));
}
