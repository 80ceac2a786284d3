using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>Interleaves a structure's unknown items with its known fields while it is written.</summary>
internal struct UnknownItemCursor
{
    private readonly List<UnknownItem>? _items;
    private int _next;
    private int _position;

    public UnknownItemCursor(List<UnknownItem>? items)
    {
        _items = items;
    }

    /// <summary>Counts one known item just written, then writes the unknown items due at the new position.</summary>
    public void Advance(TtlvWriter writer)
    {
        _position++;
        WriteDue(writer);
    }

    /// <summary>Writes the unknown items whose position has been reached.</summary>
    public void WriteDue(TtlvWriter writer)
    {
        if (_items is null)
        {
            return;
        }

        while (_next < _items.Count && _items[_next].Position <= _position)
        {
            _items[_next++].Item.WriteTo(writer);
            _position++;
        }
    }

    /// <summary>Writes every unknown item not yet written.</summary>
    public void WriteRest(TtlvWriter writer)
    {
        if (_items is null)
        {
            return;
        }

        while (_next < _items.Count)
        {
            _items[_next++].Item.WriteTo(writer);
        }
    }
}
