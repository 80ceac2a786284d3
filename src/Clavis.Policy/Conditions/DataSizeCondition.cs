using System.Globalization;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>dataSize</c>: the data the request carries is at most <see cref="Max"/> bytes. A request that carries no
/// data satisfies it (the condition limits data, it does not demand any).
/// </summary>
public sealed class DataSizeCondition : PolicyCondition
{
    internal DataSizeCondition(long max) => Max = max;

    /// <summary>The largest data size allowed, in bytes, inclusive.</summary>
    public long Max { get; }

    /// <inheritdoc />
    public override string Name => "dataSize";

    internal override ConditionOrder Order => ConditionOrder.DataSize;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        return input.Request.DataSize is not { } size || size <= Max;
    }

    internal override string DescribeFailure(in ConditionInput input, long observed) =>
        string.Create(CultureInfo.InvariantCulture, $"dataSize: {input.Request.DataSize} bytes, over the {Max}-byte limit");
}
