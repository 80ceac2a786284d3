using System.Text.Json;
using Clavis.Policy.Conditions;

namespace Clavis.Policy.Documents.Json;

internal static partial class PolicyDocumentWriter
{
    private static void WriteCondition(Utf8JsonWriter writer, PolicyCondition condition)
    {
        switch (condition)
        {
            case TimeWindowCondition window:
                writer.WriteStartObject(window.Name);
                writer.WriteString("start", window.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("end", window.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                if (!window.Days.IsEmpty)
                {
                    writer.WriteStartArray("days");
                    foreach (var day in window.Days)
                    {
                        writer.WriteStringValue(TimeWindowCondition.DayName(day));
                    }

                    writer.WriteEndArray();
                }

                writer.WriteString("timeZone", window.TimeZoneId);
                writer.WriteEndObject();
                break;
            case ObjectAgeCondition age:
                writer.WriteStartObject(age.Name);
                WriteIfSet(writer, "min", age.Min?.Text);
                WriteIfSet(writer, "max", age.Max?.Text);
                writer.WriteEndObject();
                break;
            case UsageCountCondition usage:
                writer.WriteStartObject(usage.Name);
                writer.WriteNumber("max", usage.Max);
                writer.WriteString("per", usage.PerName);
                writer.WriteEndObject();
                break;
            case DataSizeCondition size:
                writer.WriteStartObject(size.Name);
                writer.WriteNumber("max", size.Max);
                writer.WriteEndObject();
                break;
            case DeviceLevelCondition level:
                writer.WriteStartObject(level.Name);
                if (level.Min is { } min)
                {
                    writer.WriteNumber("min", min);
                }

                if (level.Max is { } max)
                {
                    writer.WriteNumber("max", max);
                }

                writer.WriteEndObject();
                break;
            case SourceNetworkCondition source:
                writer.WriteStartArray(source.Name);
                foreach (var network in source.Networks)
                {
                    writer.WriteStringValue(network.ToString());
                }

                writer.WriteEndArray();
                break;
            case ProtocolVersionCondition versions:
                writer.WriteStartObject(versions.Name);
                WriteIfSet(writer, "min", versions.Min?.ToString());
                WriteIfSet(writer, "max", versions.Max?.ToString());
                writer.WriteEndObject();
                break;
            case CredentialTypesCondition credentials:
                writer.WriteStartArray(credentials.Name);
                foreach (var type in credentials.Required)
                {
                    writer.WriteStringValue(type.ToString());
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"no JSON form for condition {condition.GetType().Name}");
        }
    }
}
