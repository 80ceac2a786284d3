using System.CommandLine;
using System.Text.Json.Nodes;
using Clavis.Cli.Client;
using Clavis.Client;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis key create|register|get|list|locate|attributes|activate|revoke|destroy|rekey|suspend|resume</c>: managed
/// keys over KMIP (suspend and resume over the admin HTTPS API, a Clavis extension). docs/cli.md describes them.
/// </summary>
public static partial class KeyCommand
{
    private static readonly CryptographicAlgorithm[] s_pairAlgorithms = [CryptographicAlgorithm.RSA, CryptographicAlgorithm.EC, CryptographicAlgorithm.ECDSA, CryptographicAlgorithm.Ed25519];

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var key = new Command("key", "Create, import, export, find and manage keys on a KMIP server.");
        key.Subcommands.Add(CreateCreate());
        key.Subcommands.Add(CreateRegister());
        key.Subcommands.Add(CreateGet());
        key.Subcommands.Add(CreateList("list", "List keys with their name, type, algorithm, length and state (Locate, then their attributes)."));
        key.Subcommands.Add(CreateList("locate", "Print the identifiers of the objects that match (Locate), one per line."));
        key.Subcommands.Add(CreateAttributes());
        key.Subcommands.Add(CreateSimple("activate", "Make a Pre-Active key Active (Activate).", async (context, id) =>
            (await context.Client.ActivateAsync(id, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier ?? id, "activated"));
        key.Subcommands.Add(CreateSimple("destroy", "Destroy a key's material; its attributes stay (Destroy). An Active key must be revoked first.", async (context, id) =>
            (await context.Client.DestroyAsync(id, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier ?? id, "destroyed"));
        key.Subcommands.Add(CreateRevoke());
        key.Subcommands.Add(CreateReKey());
        key.Subcommands.Add(CreateSuspension("suspend", "Suspend a key: no use until resumed; its KMIP state stays. A Clavis extension served by the admin HTTPS API (--admin-server; needs an administrator certificate)."));
        key.Subcommands.Add(CreateSuspension("resume", "Resume a suspended key. A Clavis extension served by the admin HTTPS API (--admin-server; needs an administrator certificate)."));
        return key;
    }

    private static Argument<string> IdArgument(string description = "The key's Unique Identifier, or name:NAME.") => new("ID") { Description = description };

    private static Command CreateCreate()
    {
        var command = new Command("create", "Create a symmetric key (AES, HMAC-SHA256, ...) or a key pair (RSA, EC, Ed25519).");
        var algorithm = new Option<string>("--algorithm") { Description = "AES, HMAC-SHA1|224|256|384|512, RSA, EC (ECDSA), Ed25519.", Required = true };
        algorithm.CompletionSources.Add("AES", "HMAC-SHA256", "HMAC-SHA384", "HMAC-SHA512", "RSA", "EC", "Ed25519");
        var length = new Option<int?>("--length") { Description = "Bits (AES 128|192|256, default 256; RSA default 2048; EC 256|384|521, default 256; HMAC default: the hash's size)." };
        var curve = new Option<string?>("--curve") { Description = "EC: P-256, P-384 or P-521 (instead of --length)." };
        curve.CompletionSources.Add("P-256", "P-384", "P-521");
        var name = new Option<string?>("--name") { Description = "A Name for the key (a pair: NAME for the private key, NAME.pub for the public key)." };
        var usage = new Option<string?>("--usage") { Description = "Comma-separated: encrypt, decrypt, sign, verify, wrap, unwrap, mac, derive, export (default: what the algorithm does)." };
        var group = new Option<string?>("--group") { Description = "An Object Group for the key." };
        var activate = new Option<bool>("--activate") { Description = "Activate the key (both halves of a pair) right away." };
        command.Options.Add(algorithm);
        command.Options.Add(length);
        command.Options.Add(curve);
        command.Options.Add(name);
        command.Options.Add(usage);
        command.Options.Add(group);
        command.Options.Add(activate);
        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key create", options, async context =>
        {
            CryptographicAlgorithm chosen = CliText.ParseEnum<CryptographicAlgorithm>(context.Value(algorithm), "--algorithm");
            List<KmipAttribute> extra = [];
            if (context.Value(group) is { } objectGroup)
            {
                extra.Add(KmipAttributes.ObjectGroup(objectGroup));
            }

            string? keyName = context.Value(name);
            CryptographicUsageMask? mask = context.Value(usage) is { } text ? CliText.ParseUsage(text) : null;
            bool active = context.Value(activate);
            if (s_pairAlgorithms.Contains(chosen))
            {
                return await CreatePairAsync(context, chosen, context.Value(length), context.Value(curve), keyName, mask, extra, active).ConfigureAwait(false);
            }

            int bits = context.Value(length) ?? DefaultLength(chosen);
            CryptographicUsageMask symmetricMask = mask ?? (chosen.ToString().StartsWith("HMAC", StringComparison.Ordinal)
                ? CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify
                : CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
            CreateResponsePayload created = await context.Client.CreateSymmetricKeyAsync(chosen, bits, symmetricMask, keyName, extra, context.CancellationToken).ConfigureAwait(false);
            string id = created.UniqueIdentifier!;
            if (active)
            {
                await context.Client.ActivateAsync(id, context.CancellationToken).ConfigureAwait(false);
            }

            State state = active ? State.Active : State.PreActive;
            if (context.Json)
            {
                context.Output.WriteLine(new JsonObject { ["uniqueIdentifier"] = id, ["objectType"] = nameof(ObjectType.SymmetricKey), ["state"] = state.ToString() }.ToJsonString(CliText.Json));
            }
            else
            {
                context.Output.WriteLine($"created {CliText.Display(chosen)}-{bits} key {id}{(keyName is null ? "" : $" '{keyName}'")} ({state})");
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> CreatePairAsync(
        KmipCommandContext context, CryptographicAlgorithm algorithm, int? length, string? curve, string? name, CryptographicUsageMask? mask, List<KmipAttribute> extra, bool activate)
    {
        int bits = algorithm switch
        {
            CryptographicAlgorithm.RSA => length ?? 2048,
            CryptographicAlgorithm.Ed25519 => 256,
            _ => curve is null ? length ?? 256 : CliText.ParseEnum(curve, "--curve", [RecommendedCurve.P_256, RecommendedCurve.P_384, RecommendedCurve.P_521]) switch
            {
                RecommendedCurve.P_384 => 384,
                RecommendedCurve.P_521 => 521,
                _ => 256,
            },
        };
        // Usages are checked per half by the server: split what was asked between the halves that may have it.
        const CryptographicUsageMask PrivateUses = CryptographicUsageMask.Sign | CryptographicUsageMask.Decrypt | CryptographicUsageMask.UnwrapKey | CryptographicUsageMask.CertificateSign | CryptographicUsageMask.CRLSign;
        const CryptographicUsageMask PublicUses = CryptographicUsageMask.Verify | CryptographicUsageMask.Encrypt | CryptographicUsageMask.WrapKey;
        const CryptographicUsageMask Both = CryptographicUsageMask.Export | CryptographicUsageMask.Authenticate | CryptographicUsageMask.Unrestricted;
        CryptographicUsageMask wanted = mask ?? (algorithm == CryptographicAlgorithm.RSA
            ? CryptographicUsageMask.Sign | CryptographicUsageMask.Verify | CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt
            : CryptographicUsageMask.Sign | CryptographicUsageMask.Verify);
        var request = new CreateKeyPairRequestPayload
        {
            CommonAttributes = [KmipAttributes.CryptographicAlgorithm(algorithm), KmipAttributes.CryptographicLength(bits), .. extra],
            PrivateKeyAttributes = [KmipAttributes.CryptographicUsageMask(wanted & (PrivateUses | Both))],
            PublicKeyAttributes = [KmipAttributes.CryptographicUsageMask(wanted & (PublicUses | Both))],
        };
        if (name is not null)
        {
            request.PrivateKeyAttributes.Add(KmipAttributes.Name(name));
            request.PublicKeyAttributes.Add(KmipAttributes.Name(name + ".pub"));
        }

        CreateKeyPairResponsePayload pair = await context.Client.CreateKeyPairAsync(request, context.CancellationToken).ConfigureAwait(false);
        if (activate)
        {
            await context.Client.ActivateAsync(pair.PrivateKeyUniqueIdentifier!, context.CancellationToken).ConfigureAwait(false);
            await context.Client.ActivateAsync(pair.PublicKeyUniqueIdentifier!, context.CancellationToken).ConfigureAwait(false);
        }

        State state = activate ? State.Active : State.PreActive;
        if (context.Json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["privateKeyUniqueIdentifier"] = pair.PrivateKeyUniqueIdentifier,
                ["publicKeyUniqueIdentifier"] = pair.PublicKeyUniqueIdentifier,
                ["state"] = state.ToString(),
            }.ToJsonString(CliText.Json));
        }
        else
        {
            context.Output.WriteLine($"created {CliText.Display(algorithm)}-{bits} key pair{(name is null ? "" : $" '{name}'")} ({state})");
            context.Output.WriteLine($"  private key {pair.PrivateKeyUniqueIdentifier}");
            context.Output.WriteLine($"  public key  {pair.PublicKeyUniqueIdentifier}");
        }

        return 0;
    }

    private static int DefaultLength(CryptographicAlgorithm algorithm) => algorithm switch
    {
        CryptographicAlgorithm.HMAC_SHA1 => 160,
        CryptographicAlgorithm.HMAC_SHA224 => 224,
        CryptographicAlgorithm.HMAC_SHA256 => 256,
        CryptographicAlgorithm.HMAC_SHA384 => 384,
        CryptographicAlgorithm.HMAC_SHA512 => 512,
        CryptographicAlgorithm.DES3 => 168,
        _ => 256,
    };

    private static Command CreateSimple(string verb, string description, Func<KmipCommandContext, string, Task<string>> act, string done)
    {
        var command = new Command(verb, description);
        Argument<string> id = IdArgument();
        command.Arguments.Add(id);
        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key " + verb, options, async context =>
        {
            string resolved = await context.ResolveKeyAsync(context.Value(id)).ConfigureAwait(false);
            string answered = await act(context, resolved).ConfigureAwait(false);
            WriteDone(context, answered, done);
            return 0;
        });
        return command;
    }

    private static void WriteDone(KmipCommandContext context, string id, string done)
    {
        if (context.Json)
        {
            context.Output.WriteLine(new JsonObject { ["uniqueIdentifier"] = id }.ToJsonString(CliText.Json));
        }
        else
        {
            context.Output.WriteLine($"{done} {id}");
        }
    }

    private static Command CreateRevoke()
    {
        var command = new Command("revoke", "Revoke a key (Revoke): Deactivated, or Compromised for a compromise reason.");
        Argument<string> id = IdArgument();
        var reason = new Option<string>("--reason")
        {
            Description = "unspecified, key-compromise, ca-compromise, affiliation-changed, superseded, cessation-of-operation, privilege-withdrawn.",
            DefaultValueFactory = _ => "unspecified",
        };
        reason.CompletionSources.Add("unspecified", "key-compromise", "ca-compromise", "affiliation-changed", "superseded", "cessation-of-operation", "privilege-withdrawn");
        var message = new Option<string?>("--message") { Description = "A Revocation Message." };
        command.Arguments.Add(id);
        command.Options.Add(reason);
        command.Options.Add(message);
        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key revoke", options, async context =>
        {
            RevocationReasonCode code = CliText.ParseEnum<RevocationReasonCode>(context.Value(reason), "--reason");
            string resolved = await context.ResolveKeyAsync(context.Value(id)).ConfigureAwait(false);
            // KMIP requires the compromise date for a compromise; "now" is the earliest the caller can vouch for.
            DateTimeOffset? when = code is RevocationReasonCode.KeyCompromise or RevocationReasonCode.CACompromise ? DateTimeOffset.UtcNow : null;
            await context.Client.RevokeAsync(resolved, code, context.Value(message), when, context.CancellationToken).ConfigureAwait(false);
            WriteDone(context, resolved, "revoked");
            return 0;
        });
        return command;
    }

    private static Command CreateReKey()
    {
        var command = new Command("rekey", "Replace a symmetric key (Re-Key) or, given its private key, a key pair (Re-Key Key Pair) with a new one linked to it; or every symmetric key matching --name-glob with --all.");
        var id = new Argument<string?>("ID") { Description = "The key's Unique Identifier, or name:NAME.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Re-key every Active symmetric key whose Name matches --name-glob." };
        var glob = new Option<string?>("--name-glob") { Description = "With --all: a Name pattern, * and ? as wildcards." };
        command.Arguments.Add(id);
        command.Options.Add(all);
        command.Options.Add(glob);
        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key rekey", options, async context =>
        {
            if (context.Value(all))
            {
                return await ReKeyAllAsync(context, context.Value(glob) ?? throw new AdminClientException(AdminClientException.UsageError, "--all needs --name-glob PATTERN")).ConfigureAwait(false);
            }

            string old = await context.ResolveKeyAsync(context.Value(id) ?? throw new AdminClientException(AdminClientException.UsageError, "give the key's ID, or --all --name-glob PATTERN")).ConfigureAwait(false);
            GetAttributesResponsePayload kind = await context.Client.GetAttributesAsync(old, [new KmipAttributeReference(Tag.ObjectType)], context.CancellationToken).ConfigureAwait(false);
            if (kind.Attributes?.FirstOrDefault(a => a.Tag == Tag.ObjectType)?.Value.EnumerationValue == (uint)ObjectType.PrivateKey)
            {
                // A key pair is replaced through its private key (Re-Key Key Pair), which links both new halves.
                ReKeyKeyPairResponsePayload pair = await context.Client.ReKeyKeyPairAsync(old, cancellationToken: context.CancellationToken).ConfigureAwait(false);
                if (context.Json)
                {
                    context.Output.WriteLine(new JsonObject
                    {
                        ["privateKeyUniqueIdentifier"] = pair.PrivateKeyUniqueIdentifier,
                        ["publicKeyUniqueIdentifier"] = pair.PublicKeyUniqueIdentifier,
                        ["replacedUniqueIdentifier"] = old,
                    }.ToJsonString(CliText.Json));
                }
                else
                {
                    context.Output.WriteLine($"re-keyed pair {old}: new private key {pair.PrivateKeyUniqueIdentifier}, public key {pair.PublicKeyUniqueIdentifier}");
                }

                return 0;
            }

            ReKeyResponsePayload replaced = await context.Client.ReKeyAsync(old, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Output.WriteLine(new JsonObject { ["uniqueIdentifier"] = replaced.UniqueIdentifier, ["replacedUniqueIdentifier"] = old }.ToJsonString(CliText.Json));
            }
            else
            {
                context.Output.WriteLine($"re-keyed {old}: new key {replaced.UniqueIdentifier}");
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> ReKeyAllAsync(KmipCommandContext context, string pattern)
    {
        var filter = new KmipLocateFilter { ObjectType = ObjectType.SymmetricKey, State = State.Active };
        List<string> ids = (await context.Client.LocateAsync(filter, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier;
        List<KeyRow> rows = await KeyRowsAsync(context, ids).ConfigureAwait(false);
        List<KeyRow> matching = [.. rows.Where(r => r.Name is not null && Clavis.Policy.Evaluation.GlobPattern.Matches(pattern, r.Name))];
        var progress = new ProgressLine(context.Error, matching.Count, "re-keyed");
        var results = new JsonArray();
        foreach (KeyRow row in matching)
        {
            try
            {
                ReKeyResponsePayload replaced = await context.Client.ReKeyAsync(row.Id, cancellationToken: context.CancellationToken).ConfigureAwait(false);
                results.Add(new JsonObject { ["uniqueIdentifier"] = replaced.UniqueIdentifier, ["replacedUniqueIdentifier"] = row.Id, ["name"] = row.Name });
                if (!context.Json)
                {
                    context.Output.WriteLine($"{row.Id} -> {replaced.UniqueIdentifier} {row.Name}");
                }

                progress.Step(ok: true, row.Name!);
            }
            catch (KmipOperationException ex)
            {
                results.Add(new JsonObject { ["replacedUniqueIdentifier"] = row.Id, ["name"] = row.Name, ["error"] = KmipCommandRunner.Describe(ex) });
                context.Error.WriteLine($"clavis key rekey: {row.Id} ({row.Name}): {KmipCommandRunner.Describe(ex)}");
                progress.Step(ok: false, row.Name!);
            }
        }

        progress.Finish();
        if (context.Json)
        {
            context.Output.WriteLine(results.ToJsonString(CliText.Json));
        }

        return progress.Failed > 0 ? AdminClientException.Refused : 0;
    }

    private static Command CreateSuspension(string verb, string description)
    {
        var command = new Command(verb, description);
        Argument<string> id = IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why (suspend only): recorded as y-ClavisSuspensionReason." };
        command.Arguments.Add(id);
        if (verb == "suspend")
        {
            command.Options.Add(reason);
        }

        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key " + verb, options, async context =>
        {
            KmipConnectionSettings settings = context.Settings;
            if (settings.Ca is null || settings.Cert is null || settings.Key is null)
            {
                throw new AdminClientException(AdminClientException.UsageError, $"key {verb} goes through the admin HTTPS API and needs --ca, --cert and --key (PEM) of an administrator");
            }

            string key = await context.ResolveKeyAsync(context.Value(id)).ConfigureAwait(false);
            using AdminHttpsClient admin = AdminHttpsClient.Open(settings.AdminAddress(), settings.Ca, settings.Cert, settings.Key);
            byte[]? body = verb == "suspend" && context.Value(reason) is { } why
                ? System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["reason"] = why }.ToJsonString(CliText.Json))
                : null;
            using System.Text.Json.JsonDocument? answer = await admin.SendAsync(HttpMethod.Post, AdminCommandRunner.Path("objects", key) + "/" + verb, body, context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.Output.WriteLine(answer?.RootElement.GetRawText() ?? "{}");
            }
            else if (answer is not null)
            {
                System.Text.Json.JsonElement root = answer.RootElement;
                context.Output.WriteLine($"{(verb == "suspend" ? "suspended" : "resumed")} {key} (state {root.GetProperty("state").GetString()}, suspended: {(root.GetProperty("suspended").GetBoolean() ? "yes" : "no")})");
            }

            return 0;
        });
        return command;
    }
}
