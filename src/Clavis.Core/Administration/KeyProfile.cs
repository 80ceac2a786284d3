using Clavis.Kmip.Messages;

namespace Clavis.Core.Administration;

/// <summary>A named key profile: the attributes Create applies when a request names it (docs/templates.md).</summary>
/// <param name="Name">The profile's name, the Name of the Template object that holds it.</param>
/// <param name="Id">The Unique Identifier of that Template object.</param>
/// <param name="Attributes">The attributes, in the order they apply.</param>
public sealed record KeyProfile(string Name, string Id, IReadOnlyList<KmipAttribute> Attributes);
