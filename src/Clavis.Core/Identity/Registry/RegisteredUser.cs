using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity.Registry;

/// <summary>A user of the registry: who may present a Username and Password credential.</summary>
/// <param name="Name">The username (the document name), compared exactly.</param>
/// <param name="PasswordHash">The password's hash; never answered, logged or audited.</param>
/// <param name="Groups">Groups a verified credential adds.</param>
/// <param name="Disabled">True while the user may not authenticate.</param>
/// <param name="Version">The document version it was read from; a password change makes a new one.</param>
public sealed record RegisteredUser(string Name, PasswordHash PasswordHash, IReadOnlyList<string> Groups, bool Disabled, int Version);
