namespace Clavis.Policy.Requests;

/// <summary>A custom or vendor attribute of an object as policy sees it: a name and one text value (a multi-valued attribute is several tags).</summary>
/// <param name="Name">The attribute's name, for example <c>x-department</c>.</param>
/// <param name="Value">The value, as text.</param>
public readonly record struct ResourceTag(string Name, string Value);
