using System.Text.Json;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;

namespace Clavis.Core.Administration;

public sealed partial class PrincipalAdministration
{
    private const string RulesDescription = "principal rules";

    /// <summary>The mapping rules, in order: <c>{"rules": […], "version": N, …}</c> (version 0 and no rules before the first write).</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied.</exception>
    public async Task<string> GetPrincipalRulesAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        StoredDocument? document = await _services.Store.GetDocumentAsync(RegistryDocumentKinds.PrincipalRules, RegistryDocumentKinds.PrincipalRulesName, null, cancellationToken).ConfigureAwait(false);
        if (document is not { IsDeleted: false, Body: not null })
        {
            return RegistryJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("rules");
                writer.WriteEndArray();
                writer.WriteNumber("version", document?.Version ?? 0);
                writer.WriteEndObject();
            });
        }

        return RegistryJson.Write(writer => RegistryJson.WriteRulesView(writer, RegistryJson.ReadRules(document), document));
    }

    /// <summary>Replaces the mapping rules with <c>{"rules": […]}</c> (docs/identity.md). Audited as PutPrincipalRules.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, or Invalid Field naming the rule and field at fault.</exception>
    public Task<string> PutPrincipalRulesAsync(ReadOnlyMemory<byte> body, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(administrator, "PutPrincipalRules", RulesDescription, async () =>
        {
            PrincipalRuleSet rules;
            using (JsonDocument json = ParseBody(body, MaxRulesBodyBytes, RulesDescription))
            {
                rules = RegistryJson.ReadRules(json.RootElement, 0);
            }

            StoredDocument written = await WriteAsync(administrator, "PutPrincipalRules", RegistryDocumentKinds.PrincipalRules, RegistryDocumentKinds.PrincipalRulesName,
                _ => RegistryJson.WriteRules(rules), $"{RulesDescription} ({rules.Rules.Count})", cancellationToken).ConfigureAwait(false);
            return RegistryJson.Write(writer => RegistryJson.WriteRulesView(writer, rules with { Version = written.Version }, written));
        }, cancellationToken);
}
