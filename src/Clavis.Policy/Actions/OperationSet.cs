using Clavis.Kmip;

namespace Clavis.Policy.Actions;

/// <summary>
/// An immutable set of KMIP operations, as a statement's actions or a grant's rights. Every operation KMIP 1.0–2.1
/// defines has a value below 64, so the set is one bit mask and a membership test is a shift; operations outside
/// that range (vendor extensions) are in the set only when it was built to include every operation
/// (<see cref="All"/>, or the complement of a list), so that <c>"*"</c> and <c>notActions</c> cover operations
/// a future KMIP version adds without a named group silently growing.
/// </summary>
public readonly struct OperationSet : IEquatable<OperationSet>
{
    // Operations whose value is 64 or more; only the "every operation" form reaches them.
    private readonly bool _includesUnlisted;
    private readonly ulong _bits;

    private OperationSet(ulong bits, bool includesUnlisted)
    {
        _bits = bits;
        _includesUnlisted = includesUnlisted;
    }

    /// <summary>The empty set.</summary>
    public static OperationSet Empty => default;

    /// <summary>Every operation, including ones this version of Clavis does not know.</summary>
    public static OperationSet All => new(ulong.MaxValue, includesUnlisted: true);

    /// <summary>Whether the set holds no operation.</summary>
    public bool IsEmpty => _bits == 0 && !_includesUnlisted;

    /// <summary>Whether the set holds operations whose value is 64 or more (vendor extensions), which only <see cref="All"/> and complements do.</summary>
    public bool IncludesUnlisted => _includesUnlisted;

    /// <summary>Builds a set of the given operations.</summary>
    /// <param name="operations">The operations; values of 64 or more are rejected.</param>
    /// <exception cref="ArgumentOutOfRangeException">An operation's value is 64 or more.</exception>
    public static OperationSet Of(params ReadOnlySpan<Operation> operations)
    {
        ulong bits = 0;
        foreach (var operation in operations)
        {
            if ((uint)operation >= 64)
            {
                throw new ArgumentOutOfRangeException(nameof(operations), operation, "only operations with a value below 64 can be listed; use OperationSet.All for every operation");
            }

            bits |= 1UL << (int)operation;
        }

        return new OperationSet(bits, includesUnlisted: false);
    }

    /// <summary>Whether <paramref name="operation"/> is in the set.</summary>
    /// <param name="operation">The operation of a request.</param>
    public bool Contains(Operation operation) =>
        (uint)operation < 64 ? (_bits & (1UL << (int)operation)) != 0 : _includesUnlisted;

    /// <summary>The operations in either set.</summary>
    /// <param name="other">The other set.</param>
    public OperationSet Union(OperationSet other) => new(_bits | other._bits, _includesUnlisted | other._includesUnlisted);

    /// <summary>Every operation not in this set, including unlisted ones when this set lacks them.</summary>
    public OperationSet Complement() => new(~_bits, !_includesUnlisted);

    /// <summary>The operations of <see cref="Operation"/> in the set, in ascending value order (unlisted ones cannot be enumerated).</summary>
    public IEnumerable<Operation> KnownOperations()
    {
        foreach (var operation in Enum.GetValues<Operation>())
        {
            if (Contains(operation))
            {
                yield return operation;
            }
        }
    }

    /// <summary>The bit of each operation value below 64; the index uses it to list a statement under each of its operations.</summary>
    internal ulong Bits => _bits;

    /// <inheritdoc />
    public bool Equals(OperationSet other) => _bits == other._bits && _includesUnlisted == other._includesUnlisted;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OperationSet other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_bits, _includesUnlisted);

    /// <summary>Whether two sets hold the same operations.</summary>
    /// <param name="left">The first set.</param>
    /// <param name="right">The second set.</param>
    public static bool operator ==(OperationSet left, OperationSet right) => left.Equals(right);

    /// <summary>Whether two sets differ.</summary>
    /// <param name="left">The first set.</param>
    /// <param name="right">The second set.</param>
    public static bool operator !=(OperationSet left, OperationSet right) => !left.Equals(right);

    /// <summary>The operation names, comma separated, with "…" when unlisted operations are included (for messages and tests).</summary>
    public override string ToString()
    {
        var names = string.Join(", ", KnownOperations());
        return _includesUnlisted ? (names.Length == 0 ? "…" : names + ", …") : names;
    }
}
