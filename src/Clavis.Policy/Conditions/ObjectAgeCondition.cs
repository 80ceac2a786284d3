using System.Globalization;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>objectAge</c>: the time since the object's creation is at least <see cref="Min"/> and at most
/// <see cref="Max"/>, both inclusive. A request that names no object, or an object whose creation time is
/// unknown, does not satisfy it.
/// </summary>
public sealed class ObjectAgeCondition : PolicyCondition
{
    private const long NoObject = 0;
    private const long UnknownCreation = 1;
    private const long TooYoung = 2;
    private const long TooOld = 3;

    internal ObjectAgeCondition(IsoDuration? min, IsoDuration? max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>The youngest age allowed, or null for no lower bound.</summary>
    public IsoDuration? Min { get; }

    /// <summary>The oldest age allowed, or null for no upper bound.</summary>
    public IsoDuration? Max { get; }

    /// <inheritdoc />
    public override string Name => "objectAge";

    internal override ConditionOrder Order => ConditionOrder.ObjectAge;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        var request = input.Request;
        if (request.Resource is not { } resource)
        {
            observed = NoObject;
            return false;
        }

        if (resource.CreatedAt is not { } created)
        {
            observed = UnknownCreation;
            return false;
        }

        // A minimum beyond the calendar's end is never reached; a maximum beyond it never passes.
        if (Min is not null && (Min.After(created) is not { } earliest || request.Now < earliest))
        {
            observed = TooYoung;
            return false;
        }

        if (Max is not null && Max.After(created) is { } latest && request.Now > latest)
        {
            observed = TooOld;
            return false;
        }

        observed = 0;
        return true;
    }

    internal override string DescribeFailure(in ConditionInput input, long observed)
    {
        var created = input.Request.Resource?.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return observed switch
        {
            NoObject => "objectAge: the request names no object",
            UnknownCreation => "objectAge: the object's creation time is unknown",
            TooYoung => $"objectAge: the object was created at {created}, less than {Min} before the request",
            _ => $"objectAge: the object was created at {created}, more than {Max} before the request",
        };
    }
}
