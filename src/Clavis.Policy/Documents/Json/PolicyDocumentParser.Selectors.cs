using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Clavis.Kmip;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Documents.Json;

internal static partial class PolicyDocumentParser
{
    private static readonly FrozenDictionary<string, ObjectType> s_objectTypes = JsonValues.NamesOf<ObjectType>();
    private static readonly FrozenDictionary<string, CryptographicAlgorithm> s_algorithms = JsonValues.NamesOf<CryptographicAlgorithm>();

    private static readonly string[] s_subjectProperties = ["identity", "group", "deviceType", "deviceClass", "application", "owner", "any"];

    private static readonly string[] s_resourceProperties =
        ["id", "name", "objectGroup", "objectType", "algorithm", "minLength", "maxLength", "tags", "any", "noObject"];

    private static ImmutableArray<SubjectSelector> ReadSubjects(JsonElement element, string path)
    {
        var items = JsonValues.NonEmptyArray(element, path);
        var subjects = ImmutableArray.CreateBuilder<SubjectSelector>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            subjects.Add(ReadSubject(items[i], JsonPathText.Index(path, i)));
        }

        return subjects.MoveToImmutable();
    }

    private static SubjectSelector ReadSubject(JsonElement element, string path)
    {
        var entry = new StrictJsonObject(element, path, s_subjectProperties);
        string? Name(string property) => entry.Optional(property) is { } value ? JsonValues.String(value, entry.PathOf(property)) : null;
        bool Flag(string property) => entry.Optional(property) is { } value && JsonValues.True(value, entry.PathOf(property));

        var subject = new SubjectSelector(
            identity: Name("identity"), group: Name("group"), deviceType: Name("deviceType"), deviceClass: Name("deviceClass"),
            application: Name("application"), isAny: Flag("any"), isOwner: Flag("owner"));
        if (entry.Count == 0)
        {
            throw new PolicyDocumentException(path, "selects nobody: set identity, group, deviceType, deviceClass, application, owner or any");
        }

        if (subject.IsAny && entry.Count > 1)
        {
            throw new PolicyDocumentException(entry.PathOf("any"), "cannot be combined with other selectors in the same entry (it already matches everyone)");
        }

        return subject;
    }

    private static ImmutableArray<ResourceSelector> ReadResources(JsonElement element, string path)
    {
        var items = JsonValues.NonEmptyArray(element, path);
        var resources = ImmutableArray.CreateBuilder<ResourceSelector>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            resources.Add(ReadResource(items[i], JsonPathText.Index(path, i)));
        }

        return resources.MoveToImmutable();
    }

    private static ResourceSelector ReadResource(JsonElement element, string path)
    {
        var entry = new StrictJsonObject(element, path, s_resourceProperties);
        string? Text(string property) => entry.Optional(property) is { } value ? JsonValues.String(value, entry.PathOf(property)) : null;
        bool Flag(string property) => entry.Optional(property) is { } value && JsonValues.True(value, entry.PathOf(property));
        int? Length(string property) =>
            entry.Optional(property) is { } value ? (int)JsonValues.Integer(value, entry.PathOf(property), 0, int.MaxValue) : null;

        var objectId = Text("id");
        var name = Text("name");
        var objectGroup = Text("objectGroup");
        ObjectType? objectType = entry.Optional("objectType") is { } type
            ? JsonValues.EnumName(type, entry.PathOf("objectType"), s_objectTypes, "KMIP Object Type")
            : null;
        CryptographicAlgorithm? algorithm = entry.Optional("algorithm") is { } algorithmElement
            ? JsonValues.EnumName(algorithmElement, entry.PathOf("algorithm"), s_algorithms, "KMIP Cryptographic Algorithm")
            : null;
        var minLength = Length("minLength");
        var maxLength = Length("maxLength");
        if (minLength > maxLength)
        {
            throw new PolicyDocumentException(entry.PathOf("maxLength"), $"{maxLength} is less than minLength {minLength}");
        }

        var tags = entry.Optional("tags") is { } tagsElement ? ReadTags(tagsElement, entry.PathOf("tags")) : [];
        var isAny = Flag("any");
        var isNoObject = Flag("noObject");
        if (entry.Count == 0)
        {
            throw new PolicyDocumentException(path, "selects nothing: set id, name, objectGroup, objectType, algorithm, minLength, maxLength, tags, any or noObject");
        }

        if ((isAny || isNoObject) && entry.Count > 1)
        {
            throw new PolicyDocumentException(
                entry.PathOf(isAny ? "any" : "noObject"), "cannot be combined with other selectors in the same entry");
        }

        return new ResourceSelector(objectId, name, objectGroup, objectType, algorithm, minLength, maxLength, tags, isAny, isNoObject);
    }

    private static ImmutableArray<ResourceTag> ReadTags(JsonElement element, string path)
    {
        var tags = new StrictJsonObject(element, path, allowedNames: null);
        if (tags.Count == 0)
        {
            throw new PolicyDocumentException(path, "must name at least one attribute");
        }

        var result = ImmutableArray.CreateBuilder<ResourceTag>(tags.Count);
        foreach (var name in tags.Names)
        {
            if (name.Length == 0)
            {
                throw new PolicyDocumentException(path, "an attribute name must not be empty");
            }

            result.Add(new ResourceTag(name, JsonValues.String(tags.Required(name), tags.PathOf(name))));
        }

        return result.MoveToImmutable();
    }
}
