using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Clavis.Kmip;
using Clavis.Policy.Conditions;

namespace Clavis.Policy.Documents.Json;

internal static partial class PolicyDocumentParser
{
    private static readonly FrozenDictionary<string, CredentialType> s_credentialTypes = JsonValues.NamesOf<CredentialType>();

    private static readonly FrozenDictionary<string, DayOfWeek> s_days = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Durations are compared (min against max) by adding both to one fixed instant; calendar units make a general
    // comparison impossible, and any fixed instant gives a sensible answer for the check's purpose.
    private static readonly DateTimeOffset s_durationReference = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] s_conditionProperties =
        ["timeWindow", "objectAge", "usageCount", "dataSize", "softwareLevel", "hardwareLevel", "sourceNetwork", "protocolVersion", "credentialTypes"];

    private static readonly string[] s_bounds = ["min", "max"];

    private static ImmutableArray<PolicyCondition> ReadConditions(JsonElement element, string path)
    {
        var conditions = new StrictJsonObject(element, path, s_conditionProperties);
        var result = new List<PolicyCondition>();
        void Add(string name, Func<JsonElement, string, PolicyCondition> read)
        {
            if (conditions.Optional(name) is { } value)
            {
                result.Add(read(value, conditions.PathOf(name)));
            }
        }

        Add("timeWindow", ReadTimeWindow);
        Add("objectAge", ReadObjectAge);
        Add("usageCount", ReadUsageCount);
        Add("dataSize", ReadDataSize);
        Add("softwareLevel", (value, at) => ReadDeviceLevel(value, at, DeviceLevel.Software));
        Add("hardwareLevel", (value, at) => ReadDeviceLevel(value, at, DeviceLevel.Hardware));
        Add("sourceNetwork", ReadSourceNetwork);
        Add("protocolVersion", ReadProtocolVersion);
        Add("credentialTypes", ReadCredentialTypes);
        return [.. result.OrderBy(condition => condition.Order)];
    }

    private static TimeWindowCondition ReadTimeWindow(JsonElement element, string path)
    {
        var window = new StrictJsonObject(element, path, ["start", "end", "days", "timeZone"]);
        TimeOnly Time(string property)
        {
            var text = JsonValues.String(window.Required(property), window.PathOf(property));
            return JsonValues.TryTimeOfDay(text, out var time)
                ? time.Value
                : throw new PolicyDocumentException(window.PathOf(property), $"\"{text}\" is not a time of day (HH:mm)");
        }

        var start = Time("start");
        var end = Time("end");
        if (start == end)
        {
            throw new PolicyDocumentException(window.PathOf("end"), "equals start, which leaves the window ambiguous (empty or all day); omit timeWindow for all day");
        }

        ImmutableArray<DayOfWeek> days = [];
        if (window.Optional("days") is { } daysElement)
        {
            var daysPath = window.PathOf("days");
            var items = JsonValues.NonEmptyArray(daysElement, daysPath);
            var builder = ImmutableArray.CreateBuilder<DayOfWeek>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var day = JsonValues.EnumName(items[i], JsonPathText.Index(daysPath, i), s_days, "day", " (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
                if (builder.Contains(day))
                {
                    throw new PolicyDocumentException(JsonPathText.Index(daysPath, i), $"{TimeWindowCondition.DayName(day)} is listed twice");
                }

                builder.Add(day);
            }

            days = builder.MoveToImmutable();
        }

        var zoneId = "UTC";
        var zone = TimeZoneInfo.Utc;
        if (window.Optional("timeZone") is { } zoneElement)
        {
            zoneId = JsonValues.String(zoneElement, window.PathOf("timeZone"), maxLength: 64);
            if (!string.Equals(zoneId, "UTC", StringComparison.Ordinal) && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
            {
                throw new PolicyDocumentException(window.PathOf("timeZone"), $"\"{zoneId}\" is not a known time zone (an IANA name such as Europe/Paris, or UTC)");
            }
        }

        return new TimeWindowCondition(start, end, days, zoneId, zone ?? TimeZoneInfo.Utc);
    }

    private static ObjectAgeCondition ReadObjectAge(JsonElement element, string path)
    {
        var age = new StrictJsonObject(element, path, s_bounds);
        IsoDuration? Duration(string property)
        {
            if (age.Optional(property) is not { } value)
            {
                return null;
            }

            var text = JsonValues.String(value, age.PathOf(property), maxLength: 64);
            return IsoDuration.TryParse(text, out var duration, out var problem)
                ? duration
                : throw new PolicyDocumentException(age.PathOf(property), problem);
        }

        var min = Duration("min");
        var max = Duration("max");
        RequireBound(age, min is not null || max is not null);
        if (min is not null && max is not null && min.After(s_durationReference) > max.After(s_durationReference))
        {
            throw new PolicyDocumentException(age.PathOf("max"), $"{max} is shorter than min {min}");
        }

        return new ObjectAgeCondition(min, max);
    }

    private static UsageCountCondition ReadUsageCount(JsonElement element, string path)
    {
        var usage = new StrictJsonObject(element, path, ["max", "per"]);
        var max = JsonValues.Integer(usage.Required("max"), usage.PathOf("max"), min: 1);
        var perPath = usage.PathOf("per");
        var perText = JsonValues.String(usage.Required("per"), perPath);
        var per = perText switch
        {
            "object" => UsageCountScope.Object,
            "principal" => UsageCountScope.Principal,
            "objectAndPrincipal" => UsageCountScope.ObjectAndPrincipal,
            _ => throw new PolicyDocumentException(perPath, $"\"{perText}\" is not object, principal or objectAndPrincipal"),
        };
        return new UsageCountCondition(max, per);
    }

    private static DataSizeCondition ReadDataSize(JsonElement element, string path)
    {
        var size = new StrictJsonObject(element, path, ["max"]);
        var max = JsonValues.Integer(size.Required("max"), size.PathOf("max"), min: 0);
        return new DataSizeCondition(max);
    }

    private static DeviceLevelCondition ReadDeviceLevel(JsonElement element, string path, DeviceLevel level)
    {
        var bounds = new StrictJsonObject(element, path, s_bounds);
        int? Bound(string property) =>
            bounds.Optional(property) is { } value ? (int)JsonValues.Integer(value, bounds.PathOf(property), int.MinValue, int.MaxValue) : null;

        var min = Bound("min");
        var max = Bound("max");
        RequireBound(bounds, min is not null || max is not null);
        if (min > max)
        {
            throw new PolicyDocumentException(bounds.PathOf("max"), $"{max} is less than min {min}");
        }

        return new DeviceLevelCondition(level, min, max);
    }

    private static SourceNetworkCondition ReadSourceNetwork(JsonElement element, string path)
    {
        var items = JsonValues.NonEmptyArray(element, path);
        var networks = ImmutableArray.CreateBuilder<IPNetwork>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = JsonPathText.Index(path, i);
            networks.Add(ParseNetwork(JsonValues.String(items[i], itemPath, maxLength: 64), itemPath));
        }

        return new SourceNetworkCondition(networks.MoveToImmutable());
    }

    private static IPNetwork ParseNetwork(string text, string path)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        // IPAddress.TryParse also takes "10" or "10.1" (old inet_aton forms) and zone ids; a network here must be written in full.
        var isV6 = addressText.Contains(':', StringComparison.Ordinal);
        var looksRight = isV6
            ? !addressText.Contains('%', StringComparison.Ordinal)
            : addressText.Split('.') is { Length: 4 } octets && octets.All(octet => octet.Length is > 0 and <= 3 && octet.All(char.IsAsciiDigit));
        if (slash < 0 || !looksRight || !IPAddress.TryParse(addressText, out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (isV6 ? 128 : 32))
        {
            throw new PolicyDocumentException(path, $"\"{text}\" is not a network in CIDR form (address/prefix, such as 10.0.0.0/8 or fd00::/8)");
        }

        // Sources are compared as IPv4 when they are IPv4-mapped (Principal.SourceAddress), so mapped ranges must be too.
        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        // A written host part ("10.0.0.1/8") usually means a mistaken prefix; refuse it rather than guess.
        if (!HostBitsAreZero(address.GetAddressBytes(), prefix))
        {
            throw new PolicyDocumentException(path, $"\"{text}\" has address bits set beyond its /{prefix} prefix");
        }

        return new IPNetwork(address, prefix);
    }

    private static bool HostBitsAreZero(byte[] address, int prefix)
    {
        for (var bit = prefix; bit < address.Length * 8; bit++)
        {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static ProtocolVersionCondition ReadProtocolVersion(JsonElement element, string path)
    {
        var bounds = new StrictJsonObject(element, path, s_bounds);
        ProtocolVersion? Version(string property)
        {
            if (bounds.Optional(property) is not { } value)
            {
                return null;
            }

            var text = JsonValues.String(value, bounds.PathOf(property), maxLength: 16);
            return ProtocolVersion.TryParse(text, out var version)
                ? version
                : throw new PolicyDocumentException(bounds.PathOf(property), $"\"{text}\" is not a protocol version (major.minor, such as 1.4)");
        }

        var min = Version("min");
        var max = Version("max");
        RequireBound(bounds, min is not null || max is not null);
        if (min is { } low && max is { } high && low > high)
        {
            throw new PolicyDocumentException(bounds.PathOf("max"), $"{high} is older than min {low}");
        }

        return new ProtocolVersionCondition(min, max);
    }

    private static CredentialTypesCondition ReadCredentialTypes(JsonElement element, string path)
    {
        var items = JsonValues.NonEmptyArray(element, path);
        var types = ImmutableArray.CreateBuilder<CredentialType>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = JsonPathText.Index(path, i);
            var type = JsonValues.EnumName(items[i], itemPath, s_credentialTypes, "KMIP Credential Type");
            if (types.Contains(type))
            {
                throw new PolicyDocumentException(itemPath, $"{type} is listed twice");
            }

            types.Add(type);
        }

        return new CredentialTypesCondition(types.MoveToImmutable());
    }

    private static void RequireBound(StrictJsonObject bounds, bool present)
    {
        if (!present)
        {
            throw new PolicyDocumentException(bounds.Path, "needs min, max or both");
        }
    }
}
