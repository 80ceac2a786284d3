using System.Numerics;
using Clavis.Kmip;
using Clavis.Policy.Documents;

namespace Clavis.Policy.Evaluation;

/// <summary>
/// The statements filed under one subject key (an identity, a group, …), by operation. Statements that name
/// operations are filed under each of them in a compact array: bit <c>op</c> of <see cref="_present"/> says
/// whether operation <c>op</c> has a bucket, and the number of set bits below it is the bucket's index, so a
/// key with two operations costs two arrays, not sixty-four. Statements written with <c>*</c> or
/// <c>notActions</c> (which also cover operations Clavis does not know) sit in one list visited for every
/// operation. In each bucket denies come first, then by ordinal, so a deny that holds stops the allows early.
/// </summary>
internal sealed class OperationBuckets
{
    private readonly ulong _present;
    private readonly CompiledStatement[][] _buckets;
    private readonly CompiledStatement[] _everyOperation;

    private OperationBuckets(ulong present, CompiledStatement[][] buckets, CompiledStatement[] everyOperation)
    {
        _present = present;
        _buckets = buckets;
        _everyOperation = everyOperation;
    }

    public static OperationBuckets Build(IEnumerable<CompiledStatement> statements)
    {
        var byOperation = new List<CompiledStatement>?[64];
        var everyOperation = new List<CompiledStatement>();
        foreach (var statement in statements)
        {
            var operations = statement.Operations;
            if (operations.IncludesUnlisted)
            {
                everyOperation.Add(statement);
                continue;
            }

            for (var bits = operations.Bits; bits != 0; bits &= bits - 1)
            {
                (byOperation[BitOperations.TrailingZeroCount(bits)] ??= []).Add(statement);
            }
        }

        ulong present = 0;
        var buckets = new List<CompiledStatement[]>();
        for (var operation = 0; operation < 64; operation++)
        {
            if (byOperation[operation] is { } bucket)
            {
                present |= 1UL << operation;
                buckets.Add(InPrecedenceOrder(bucket));
            }
        }

        return new OperationBuckets(present, [.. buckets], InPrecedenceOrder(everyOperation));
    }

    public void Visit(Operation operation, ref TierOutcome outcome)
    {
        var op = (uint)operation;
        if (op < 64 && (_present & (1UL << (int)op)) != 0)
        {
            var index = BitOperations.PopCount(_present & ((1UL << (int)op) - 1));
            foreach (var statement in _buckets[index])
            {
                outcome.Consider(statement);
            }
        }

        foreach (var statement in _everyOperation)
        {
            outcome.Consider(statement);
        }
    }

    private static CompiledStatement[] InPrecedenceOrder(List<CompiledStatement> statements) =>
        [.. statements.Distinct().OrderBy(s => s.Effect == PolicyEffect.Deny ? 0 : 1).ThenBy(s => s.Ordinal)];
}
