using Clavis.Crypto.Passwords;

namespace Clavis.Core.Identity.Registry;

/// <summary>A device of the registry: who may present a Device credential, and what the server then knows about it.</summary>
/// <param name="Id">Its Device Serial Number, or for a device that sends none its Device Identifier (the document name).</param>
/// <param name="Identifiers">The identifiers its credential must carry, exactly.</param>
/// <param name="PasswordHash">The hash of the password its credential must carry, or null when it has none.</param>
/// <param name="Attributes">Device type, class, application and levels a verified credential sets.</param>
/// <param name="Groups">Groups a verified credential adds.</param>
/// <param name="Version">The document version it was read from.</param>
public sealed record RegisteredDevice(string Id, DeviceIdentifiers Identifiers, PasswordHash? PasswordHash, PrincipalAttributes Attributes, IReadOnlyList<string> Groups, int Version);
