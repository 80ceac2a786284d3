using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>
/// An item a typed structure does not know (a vendor extension, a tag from a newer version), kept losslessly.
/// </summary>
/// <param name="Position">Its zero-based position among the structure's children as received. Encoding puts it
/// back at that position when the known fields come in the specification's order (the usual case), else after
/// the known fields written before it.</param>
/// <param name="Item">The item itself.</param>
public readonly record struct UnknownItem(int Position, TtlvNode Item);
