using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Objects;

/// <summary>
/// The attributes of a managed object: for each attribute, its values in index order (single-valued
/// attributes have one). Values are KMIP items (<see cref="TtlvNode"/>), the encoding-neutral form
/// KMIP defines them in; they carry the attribute's own tag.
/// </summary>
/// <remarks>Not thread-safe: an object is changed by one request at a time, under its row version.</remarks>
public sealed class AttributeSet
{
    private readonly List<KeyValuePair<AttributeKey, List<TtlvNode>>> _entries = [];

    /// <summary>How many distinct attributes are set.</summary>
    public int Count => _entries.Count;

    /// <summary>Every attribute with its values, in the order first set.</summary>
    public IEnumerable<(AttributeKey Key, IReadOnlyList<TtlvNode> Values)> All =>
        _entries.Select(e => (e.Key, (IReadOnlyList<TtlvNode>)e.Value));

    /// <summary>The values of <paramref name="key"/>, in index order; empty when unset.</summary>
    public IReadOnlyList<TtlvNode> Get(AttributeKey key) => Find(key) ?? (IReadOnlyList<TtlvNode>)[];

    /// <summary>The first value of <paramref name="key"/>, or null.</summary>
    public TtlvNode? GetFirst(AttributeKey key) => Find(key) is { Count: > 0 } values ? values[0] : null;

    /// <summary>True when <paramref name="key"/> has a value.</summary>
    public bool Contains(AttributeKey key) => Find(key) is { Count: > 0 };

    /// <summary>Replaces every value of <paramref name="key"/> with <paramref name="value"/>.</summary>
    public void Set(AttributeKey key, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<TtlvNode>? values = Find(key);
        if (values is null)
        {
            _entries.Add(new(key, [value]));
            return;
        }

        values.Clear();
        values.Add(value);
    }

    /// <summary>Appends a value to a multi-valued attribute.</summary>
    /// <returns>The new value's index.</returns>
    public int Add(AttributeKey key, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<TtlvNode>? values = Find(key);
        if (values is null)
        {
            _entries.Add(new(key, [value]));
            return 0;
        }

        values.Add(value);
        return values.Count - 1;
    }

    /// <summary>Replaces the value at <paramref name="index"/>.</summary>
    /// <returns>False when there is no such value.</returns>
    public bool Replace(AttributeKey key, int index, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<TtlvNode>? values = Find(key);
        if (values is null || index < 0 || index >= values.Count)
        {
            return false;
        }

        values[index] = value;
        return true;
    }

    /// <summary>Removes the value at <paramref name="index"/>, or every value when <paramref name="index"/> is null.</summary>
    /// <returns>The values removed (empty when there was none).</returns>
    public IReadOnlyList<TtlvNode> Remove(AttributeKey key, int? index = null)
    {
        int position = _entries.FindIndex(e => e.Key == key);
        if (position < 0)
        {
            return [];
        }

        List<TtlvNode> values = _entries[position].Value;
        if (index is null)
        {
            _entries.RemoveAt(position);
            return values;
        }

        if (index < 0 || index >= values.Count)
        {
            return [];
        }

        TtlvNode removed = values[index.Value];
        values.RemoveAt(index.Value);
        if (values.Count == 0)
        {
            _entries.RemoveAt(position);
        }

        return [removed];
    }

    /// <summary>Removes the value equal to <paramref name="value"/>.</summary>
    /// <returns>False when no value was equal.</returns>
    public bool RemoveValue(AttributeKey key, TtlvNode value)
    {
        List<TtlvNode>? values = Find(key);
        int index = values?.FindIndex(v => v.Equals(value)) ?? -1;
        return index >= 0 && Remove(key, index).Count == 1;
    }

    /// <summary>The Enumeration value of <paramref name="tag"/>, or null.</summary>
    public uint? GetEnumeration(Tag tag) => GetFirst(tag) is { Type: TtlvType.Enumeration } node ? node.EnumerationValue : null;

    /// <summary>The Integer value of <paramref name="tag"/>, or null.</summary>
    public int? GetInteger(Tag tag) => GetFirst(tag) is { Type: TtlvType.Integer } node ? node.IntegerValue : null;

    /// <summary>The Long Integer value of <paramref name="tag"/>, or null.</summary>
    public long? GetLongInteger(Tag tag) => GetFirst(tag) is { Type: TtlvType.LongInteger } node ? node.LongIntegerValue : null;

    /// <summary>The Date-Time value of <paramref name="tag"/>, or null.</summary>
    public DateTimeOffset? GetDateTime(Tag tag) => GetFirst(tag) is { Type: TtlvType.DateTime } node ? node.DateTimeValue : null;

    /// <summary>The Text String value of <paramref name="tag"/>, or null.</summary>
    public string? GetText(Tag tag) => GetFirst(tag) is { Type: TtlvType.TextString } node ? node.TextStringValue : null;

    /// <summary>Sets a Date-Time attribute.</summary>
    public void SetDateTime(Tag tag, DateTimeOffset value) => Set(tag, TtlvNode.DateTime(tag, value));

    /// <summary>Sets an Enumeration attribute.</summary>
    public void SetEnumeration(Tag tag, uint value) => Set(tag, TtlvNode.Enumeration(tag, value));

    /// <summary>A deep copy (values are immutable items and are shared).</summary>
    public AttributeSet Clone()
    {
        var copy = new AttributeSet();
        foreach (KeyValuePair<AttributeKey, List<TtlvNode>> entry in _entries)
        {
            copy._entries.Add(new(entry.Key, [.. entry.Value]));
        }

        return copy;
    }

    private List<TtlvNode>? Find(AttributeKey key)
    {
        foreach (KeyValuePair<AttributeKey, List<TtlvNode>> entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
