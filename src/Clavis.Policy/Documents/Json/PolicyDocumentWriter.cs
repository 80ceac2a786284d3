using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Clavis.Policy.Documents.Json;

/// <summary>Writes a <see cref="PolicyDocument"/> as canonical JSON (fixed property order, canonical names); split by part of the document.</summary>
internal static partial class PolicyDocumentWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Documents are read by operators, not embedded in HTML: keep "é" and "+" readable instead of \u-escaping them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(PolicyDocument document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("name", document.Name);
            if (document.Description is not null)
            {
                writer.WriteString("description", document.Description);
            }

            writer.WriteStartArray("statements");
            foreach (var statement in document.Statements)
            {
                WriteStatement(writer, statement);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        writer.WriteString("id", statement.Id);
        writer.WriteString("effect", statement.Effect == PolicyEffect.Allow ? "allow" : "deny");
        writer.WriteStartArray("subjects");
        foreach (var subject in statement.Subjects)
        {
            WriteSubject(writer, subject);
        }

        writer.WriteEndArray();
        writer.WriteStartArray(statement.ExcludesActions ? "notActions" : "actions");
        foreach (var action in statement.Actions)
        {
            writer.WriteStringValue(action);
        }

        writer.WriteEndArray();
        if (!statement.Resources.IsEmpty)
        {
            writer.WriteStartArray("resources");
            foreach (var resource in statement.Resources)
            {
                WriteResource(writer, resource);
            }

            writer.WriteEndArray();
        }

        if (!statement.Conditions.IsEmpty)
        {
            writer.WriteStartObject("conditions");
            foreach (var condition in statement.Conditions)
            {
                WriteCondition(writer, condition);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSubject(Utf8JsonWriter writer, SubjectSelector subject)
    {
        writer.WriteStartObject();
        WriteIfSet(writer, "identity", subject.Identity);
        WriteIfSet(writer, "group", subject.Group);
        WriteIfSet(writer, "deviceType", subject.DeviceType);
        WriteIfSet(writer, "deviceClass", subject.DeviceClass);
        WriteIfSet(writer, "application", subject.Application);
        WriteIfTrue(writer, "owner", subject.IsOwner);
        WriteIfTrue(writer, "any", subject.IsAny);
        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, ResourceSelector resource)
    {
        writer.WriteStartObject();
        WriteIfSet(writer, "id", resource.ObjectId);
        WriteIfSet(writer, "name", resource.NamePattern);
        WriteIfSet(writer, "objectGroup", resource.ObjectGroup);
        WriteIfSet(writer, "objectType", resource.ObjectType?.ToString());
        WriteIfSet(writer, "algorithm", resource.Algorithm?.ToString());
        if (resource.MinLength is { } min)
        {
            writer.WriteNumber("minLength", min);
        }

        if (resource.MaxLength is { } max)
        {
            writer.WriteNumber("maxLength", max);
        }

        if (!resource.Tags.IsEmpty)
        {
            writer.WriteStartObject("tags");
            foreach (var tag in resource.Tags)
            {
                writer.WriteString(tag.Name, tag.Value);
            }

            writer.WriteEndObject();
        }

        WriteIfTrue(writer, "any", resource.IsAny);
        WriteIfTrue(writer, "noObject", resource.IsNoObject);
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfTrue(Utf8JsonWriter writer, string name, bool value)
    {
        if (value)
        {
            writer.WriteBoolean(name, true);
        }
    }
}
