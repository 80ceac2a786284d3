using Clavis.Integration.Tests.Support;

namespace Clavis.Client.Tests.Support;

/// <summary>One node shared by the tests that do not change its settings (each creates its own objects).</summary>
[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "shared server";
}
