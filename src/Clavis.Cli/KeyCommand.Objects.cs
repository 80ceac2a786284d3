using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Clavis.Cli.Client;
using Clavis.Client;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli;

// key register, get, list, locate, attributes.
public static partial class KeyCommand
{
    private static readonly KmipAttributeReference[] s_rowAttributes =
    [
        new(Tag.Name), new(Tag.ObjectType), new(Tag.CryptographicAlgorithm), new(Tag.CryptographicLength), new(Tag.State),
    ];

    private sealed record KeyRow(string Id, string? Name, string? Type, string? Algorithm, int? Length, string? State, string? Error)
    {
        public JsonObject ToJson() => new()
        {
            ["uniqueIdentifier"] = Id,
            ["name"] = Name,
            ["objectType"] = Type,
            ["cryptographicAlgorithm"] = Algorithm,
            ["cryptographicLength"] = Length,
            ["state"] = State,
        };
    }

    private static Command CreateRegister()
    {
        var command = new Command("register", "Import key material the server did not make (Register): one file, or every file of a folder with --dir.");
        var type = new Option<string>("--type") { Description = "symmetric, secret, private, public or certificate.", DefaultValueFactory = _ => "symmetric" };
        type.CompletionSources.Add("symmetric", "secret", "private", "public", "certificate");
        var algorithm = new Option<string?>("--algorithm") { Description = "The key's algorithm: AES, HMAC-SHA256, RSA, EC, Ed25519 (symmetric keys: required)." };
        var input = new Option<string?>("--in") { Description = "The key file (standard input when absent): raw bytes for symmetric keys and secrets; DER or PEM otherwise.", HelpName = "FILE" };
        var format = new Option<string?>("--format") { Description = "raw, pkcs1, pkcs8, x509, sec1 (default: raw for symmetric, pkcs8 for private, x509 for public keys)." };
        var directory = new Option<string?>("--dir") { Description = "Register every file of this folder as a symmetric key named after the file (without extension); progress on standard error.", HelpName = "FOLDER" };
        var name = new Option<string?>("--name") { Description = "A Name for the object." };
        var usage = new Option<string?>("--usage") { Description = "Comma-separated usages (default: what the type does)." };
        var activate = new Option<bool>("--activate") { Description = "Activate the object right away." };
        foreach (Option option in new Option[] { type, algorithm, input, format, directory, name, usage, activate })
        {
            command.Options.Add(option);
        }

        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key register", options, async context =>
        {
            string kind = context.Value(type).ToLowerInvariant();
            CryptographicUsageMask? mask = context.Value(usage) is { } text ? CliText.ParseUsage(text) : null;
            if (context.Value(directory) is { } folder)
            {
                return await RegisterFolderAsync(context, folder, context.Value(algorithm), mask, context.Value(activate)).ConfigureAwait(false);
            }

            byte[] material = await CryptoCommands.ReadAllAsync(context.Value(input), context.CancellationToken).ConfigureAwait(false);
            try
            {
                RegisterRequestPayload request = BuildRegister(kind, context.Value(algorithm), context.Value(format), material, mask, context.Value(name));
                string id = (await context.Client.RegisterAsync(request, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier!;
                if (context.Value(activate))
                {
                    await context.Client.ActivateAsync(id, context.CancellationToken).ConfigureAwait(false);
                }

                WriteDone(context, id, "registered");
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        });
        return command;
    }

    private static async Task<int> RegisterFolderAsync(KmipCommandContext context, string folder, string? algorithm, CryptographicUsageMask? mask, bool activate)
    {
        if (!Directory.Exists(folder))
        {
            throw new AdminClientException(AdminClientException.UsageError, $"--dir {folder}: no such folder");
        }

        string[] files = [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)];
        var progress = new ProgressLine(context.Error, files.Length, "registered");
        var results = new JsonArray();
        foreach (string file in files)
        {
            string keyName = Path.GetFileNameWithoutExtension(file);
            byte[] material = await File.ReadAllBytesAsync(file, context.CancellationToken).ConfigureAwait(false);
            try
            {
                RegisterRequestPayload request = BuildRegister("symmetric", algorithm, "raw", material, mask, keyName);
                string id = (await context.Client.RegisterAsync(request, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier!;
                if (activate)
                {
                    await context.Client.ActivateAsync(id, context.CancellationToken).ConfigureAwait(false);
                }

                results.Add(new JsonObject { ["file"] = file, ["uniqueIdentifier"] = id, ["name"] = keyName });
                if (!context.Json)
                {
                    context.Output.WriteLine($"{id} {keyName}");
                }

                progress.Step(ok: true, keyName);
            }
            catch (KmipOperationException ex)
            {
                results.Add(new JsonObject { ["file"] = file, ["error"] = KmipCommandRunner.Describe(ex) });
                context.Error.WriteLine($"clavis key register: {file}: {KmipCommandRunner.Describe(ex)}");
                progress.Step(ok: false, keyName);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }

        progress.Finish();
        if (context.Json)
        {
            context.Output.WriteLine(results.ToJsonString(CliText.Json));
        }

        return progress.Failed > 0 ? AdminClientException.Refused : 0;
    }

    private static RegisterRequestPayload BuildRegister(string kind, string? algorithmText, string? formatText, byte[] material, CryptographicUsageMask? mask, string? name)
    {
        CryptographicAlgorithm? algorithm = algorithmText is null ? null : CliText.ParseEnum<CryptographicAlgorithm>(algorithmText, "--algorithm");
        List<KmipAttribute> attributes = [];
        if (name is not null)
        {
            attributes.Add(KmipAttributes.Name(name));
        }

        void Usage(CryptographicUsageMask fallback) => attributes.Add(KmipAttributes.CryptographicUsageMask(mask ?? fallback));
        switch (kind)
        {
            case "symmetric":
                CryptographicAlgorithm symmetric = algorithm ?? throw new AdminClientException(AdminClientException.UsageError, "a symmetric key needs --algorithm (AES, HMAC-SHA256, ...)");
                Usage(symmetric.ToString().StartsWith("HMAC", StringComparison.Ordinal) ? CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify : CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
                return new RegisterRequestPayload
                {
                    ObjectType = ObjectType.SymmetricKey,
                    Attributes = attributes,
                    Object = new SymmetricKey { KeyBlock = Block(KeyFormatType.Raw, material, symmetric, material.Length * 8) },
                };
            case "secret":
                Usage(CryptographicUsageMask.DeriveKey);
                return new RegisterRequestPayload
                {
                    ObjectType = ObjectType.SecretData,
                    Attributes = attributes,
                    Object = new SecretData { SecretDataType = SecretDataType.Password, KeyBlock = Block(KeyFormatType.Opaque, material, null, null) },
                };
            case "private" or "public":
                bool isPrivate = kind == "private";
                byte[] der = FromPem(material);
                KeyFormatType format = formatText is null ? (isPrivate ? KeyFormatType.PKCS_8 : KeyFormatType.X_509) : ParseFormat(formatText);
                (CryptographicAlgorithm detected, int bits) = Inspect(der, format, isPrivate);
                Usage(isPrivate ? CryptographicUsageMask.Sign : CryptographicUsageMask.Verify);
                KeyBlock block = Block(format, der, algorithm ?? detected, bits);
                return new RegisterRequestPayload
                {
                    ObjectType = isPrivate ? ObjectType.PrivateKey : ObjectType.PublicKey,
                    Attributes = attributes,
                    Object = isPrivate ? new PrivateKey { KeyBlock = block } : new PublicKey { KeyBlock = block },
                };
            case "certificate":
                return new RegisterRequestPayload
                {
                    ObjectType = ObjectType.Certificate,
                    Attributes = attributes,
                    Object = new Certificate { CertificateType = CertificateType.X_509, CertificateValue = FromPem(material) },
                };
            default:
                throw new AdminClientException(AdminClientException.UsageError, $"--type '{kind}' is not symmetric, secret, private, public or certificate");
        }
    }

    private static KeyBlock Block(KeyFormatType format, byte[] material, CryptographicAlgorithm? algorithm, int? bits) => new()
    {
        KeyFormatType = format,
        // The TTLV node keeps its own copy, so the caller's buffer can be zeroed independently.
        KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, (byte[])material.Clone()) },
        CryptographicAlgorithm = algorithm,
        CryptographicLength = bits,
    };

    private static byte[] FromPem(byte[] material)
    {
        string text = Encoding.ASCII.GetString(material);
        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            return (byte[])material.Clone();
        }

        PemFields fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static (CryptographicAlgorithm Algorithm, int Bits) Inspect(byte[] der, KeyFormatType format, bool isPrivate)
    {
        // The server wants the algorithm and length in the key block; read them from the key where the BCL can.
        try
        {
            using var rsa = RSA.Create();
            switch (format, isPrivate)
            {
                case (KeyFormatType.PKCS_8, true): rsa.ImportPkcs8PrivateKey(der, out _); break;
                case (KeyFormatType.PKCS_1, true): rsa.ImportRSAPrivateKey(der, out _); break;
                case (KeyFormatType.PKCS_1, false): rsa.ImportRSAPublicKey(der, out _); break;
                default: rsa.ImportSubjectPublicKeyInfo(der, out _); break;
            }

            return (CryptographicAlgorithm.RSA, rsa.KeySize);
        }
        catch (CryptographicException)
        {
        }

        try
        {
            using var ec = ECDsa.Create();
            switch (format, isPrivate)
            {
                case (KeyFormatType.PKCS_8, true): ec.ImportPkcs8PrivateKey(der, out _); break;
                case (KeyFormatType.ECPrivateKey, true): ec.ImportECPrivateKey(der, out _); break;
                default: ec.ImportSubjectPublicKeyInfo(der, out _); break;
            }

            return (CryptographicAlgorithm.EC, ec.KeySize);
        }
        catch (CryptographicException)
        {
            // Not RSA or EC: Ed25519 (the BCL cannot read it), whose length is fixed.
            return (CryptographicAlgorithm.Ed25519, 256);
        }
    }

    private static KeyFormatType ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "raw" => KeyFormatType.Raw,
        "opaque" => KeyFormatType.Opaque,
        "pkcs1" => KeyFormatType.PKCS_1,
        "pkcs8" => KeyFormatType.PKCS_8,
        "x509" or "spki" => KeyFormatType.X_509,
        "sec1" or "ec" => KeyFormatType.ECPrivateKey,
        "transparent" => KeyFormatType.TransparentSymmetricKey,
        _ => CliText.ParseEnum<KeyFormatType>(text, "--format"),
    };

    private static Command CreateGet()
    {
        var command = new Command("get", "Export a key (Get): to --out FILE (binary DER or raw bytes; --pem for PEM), or as PEM/base64 text on standard output. Secret material is never written to a terminal unless --out - asks for it.");
        var id = new Argument<string?>("ID") { Description = "The key's Unique Identifier, or name:NAME.", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string?>("--format") { Description = "raw, pkcs1, pkcs8, x509, sec1, transparent (transparent-rsa-private-key, ...) (default: the server's)." };
        var wrap = new Option<string?>("--wrap-key") { Description = "Wrap the key under this managed key (its identifier) before it leaves the server.", HelpName = "ID" };
        var output = new Option<string?>("--out") { Description = "The file to write (owner-only); - for standard output.", HelpName = "FILE" };
        var pem = new Option<bool>("--pem") { Description = "Write PEM to --out instead of DER (asymmetric formats)." };
        var all = new Option<bool>("--all") { Description = "Export every key matching --name/--group/--type into --out-dir, one file per key; progress on standard error." };
        var outDir = new Option<string?>("--out-dir") { Description = "With --all: the folder to write ID.key files to.", HelpName = "FOLDER" };
        var name = new Option<string?>("--name") { Description = "With --all: only keys with this Name." };
        var group = new Option<string?>("--group") { Description = "With --all: only keys of this Object Group." };
        command.Arguments.Add(id);
        foreach (Option option in new Option[] { format, wrap, output, pem, all, outDir, name, group })
        {
            command.Options.Add(option);
        }

        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key get", options, async context =>
        {
            KeyFormatType? keyFormat = context.Value(format) is { } f ? ParseFormat(f) : null;
            KeyWrappingSpecification? wrapping = context.Value(wrap) is { } wrapId
                ? new KeyWrappingSpecification { WrappingMethod = WrappingMethod.Encrypt, EncryptionKeyInformation = new EncryptionKeyInformation { UniqueIdentifier = await context.ResolveKeyAsync(wrapId).ConfigureAwait(false) } }
                : null;
            if (context.Value(all))
            {
                string folder = context.Value(outDir) ?? throw new AdminClientException(AdminClientException.UsageError, "--all needs --out-dir FOLDER");
                return await GetAllAsync(context, folder, keyFormat, wrapping, context.Value(name), context.Value(group)).ConfigureAwait(false);
            }

            string key = await context.ResolveKeyAsync(context.Value(id) ?? throw new AdminClientException(AdminClientException.UsageError, "give the key's ID, or --all --out-dir FOLDER")).ConfigureAwait(false);
            GetResponsePayload got = await context.Client.GetAsync(key, keyFormat, wrapping, context.CancellationToken).ConfigureAwait(false);
            ExportedKey exported = ExportedKey.From(got);
            try
            {
                string? target = context.Value(output);
                if (target is not null && target != "-")
                {
                    byte[] bytes = context.Value(pem) && exported.PemLabel is not null ? Encoding.ASCII.GetBytes(exported.Pem() + "\n") : exported.Bytes ?? Encoding.UTF8.GetBytes(exported.ToJson().ToJsonString(CliText.Json));
                    await CryptoCommands.WriteFileAsync(target, bytes, ownerOnly: true, context.CancellationToken).ConfigureAwait(false);
                    if (!context.Json)
                    {
                        context.Error.WriteLine($"wrote {exported.Describe()} to {target}");
                    }
                    else
                    {
                        JsonObject summary = exported.ToJson(includeMaterial: false);
                        summary["file"] = target;
                        context.Output.WriteLine(summary.ToJsonString(CliText.Json));
                    }

                    return 0;
                }

                if (exported.IsSecret && target is null && !Console.IsOutputRedirected)
                {
                    throw new AdminClientException(AdminClientException.UsageError, $"{key} is {exported.Describe()}: not written to a terminal; use --out FILE, or --out - to print it anyway");
                }

                context.Output.WriteLine(context.Json ? exported.ToJson().ToJsonString(CliText.Json) : exported.Text());
                return 0;
            }
            finally
            {
                exported.Clear();
            }
        });
        return command;
    }

    private static async Task<int> GetAllAsync(KmipCommandContext context, string folder, KeyFormatType? format, KeyWrappingSpecification? wrapping, string? name, string? group)
    {
        var filter = new KmipLocateFilter { Name = name };
        if (group is not null)
        {
            filter.Attributes.Add(KmipAttributes.ObjectGroup(group));
        }

        List<string> ids = (await context.Client.LocateAsync(filter, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier;
        Directory.CreateDirectory(folder);
        var progress = new ProgressLine(context.Error, ids.Count, "exported");
        var results = new JsonArray();
        foreach (string id in ids)
        {
            try
            {
                GetResponsePayload got = await context.Client.GetAsync(id, format, wrapping, context.CancellationToken).ConfigureAwait(false);
                ExportedKey exported = ExportedKey.From(got);
                try
                {
                    string file = Path.Combine(folder, string.Concat(id.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c)) + ".key");
                    await CryptoCommands.WriteFileAsync(file, exported.Bytes ?? Encoding.UTF8.GetBytes(exported.ToJson().ToJsonString(CliText.Json)), ownerOnly: true, context.CancellationToken).ConfigureAwait(false);
                    JsonObject entry = exported.ToJson(includeMaterial: false);
                    entry["file"] = file;
                    results.Add(entry);
                    progress.Step(ok: true, id);
                }
                finally
                {
                    exported.Clear();
                }
            }
            catch (KmipOperationException ex)
            {
                // Objects without key material (destroyed) or not exportable are reported and skipped.
                results.Add(new JsonObject { ["uniqueIdentifier"] = id, ["error"] = KmipCommandRunner.Describe(ex) });
                context.Error.WriteLine($"clavis key get: {id}: {KmipCommandRunner.Describe(ex)}");
                progress.Step(ok: false, id);
            }
        }

        progress.Finish();
        if (context.Json)
        {
            context.Output.WriteLine(results.ToJsonString(CliText.Json));
        }

        return progress.Failed > 0 ? AdminClientException.Refused : 0;
    }

    private static Command CreateList(string verb, string description)
    {
        var command = new Command(verb, description);
        var name = new Option<string?>("--name") { Description = "Only objects with this Name." };
        var algorithm = new Option<string?>("--algorithm") { Description = "Only this Cryptographic Algorithm (AES, RSA, ...)." };
        var state = new Option<string?>("--state") { Description = "Only this state: pre-active, active, deactivated, compromised, destroyed." };
        var type = new Option<string?>("--type") { Description = "Only this Object Type: symmetric-key, private-key, public-key, secret-data, certificate, ..." };
        var group = new Option<string?>("--group") { Description = "Only members of this Object Group." };
        var max = new Option<int?>("--max") { Description = "At most this many." };
        foreach (Option option in new Option[] { name, algorithm, state, type, group, max })
        {
            command.Options.Add(option);
        }

        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key " + verb, options, async context =>
        {
            var filter = new KmipLocateFilter
            {
                Name = context.Value(name),
                CryptographicAlgorithm = context.Value(algorithm) is { } a ? CliText.ParseEnum<CryptographicAlgorithm>(a, "--algorithm") : null,
                State = context.Value(state) is { } s ? CliText.ParseEnum<State>(s, "--state") : null,
                ObjectType = context.Value(type) is { } t ? CliText.ParseEnum<ObjectType>(t, "--type") : null,
                MaximumItems = context.Value(max),
            };
            if (context.Value(group) is { } g)
            {
                filter.Attributes.Add(KmipAttributes.ObjectGroup(g));
            }

            List<string> ids = (await context.Client.LocateAsync(filter, context.CancellationToken).ConfigureAwait(false)).UniqueIdentifier;
            if (verb == "locate")
            {
                if (context.Json)
                {
                    context.Output.WriteLine(new JsonArray([.. ids.Select(i => (JsonNode)i)]).ToJsonString(CliText.Json));
                }
                else
                {
                    ids.ForEach(context.Output.WriteLine);
                }

                return 0;
            }

            List<KeyRow> rows = await KeyRowsAsync(context, ids).ConfigureAwait(false);
            if (context.Json)
            {
                context.Output.WriteLine(new JsonArray([.. rows.Select(r => (JsonNode)r.ToJson())]).ToJsonString(CliText.Json));
            }
            else if (rows.Count == 0)
            {
                context.Output.WriteLine("no keys match");
            }
            else
            {
                CliText.Table(context.Output, ["ID", "NAME", "TYPE", "ALGORITHM", "LENGTH", "STATE"],
                    rows.Select(r => (IReadOnlyList<string>)[r.Id, r.Name ?? "-", r.Type ?? "-", r.Algorithm ?? "-", r.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", r.State ?? r.Error ?? "-"]));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Name, type, algorithm, length and state of each object: Get Attributes for many objects per message.</summary>
    private static async Task<List<KeyRow>> KeyRowsAsync(KmipCommandContext context, List<string> ids)
    {
        var rows = new List<KeyRow>(ids.Count);
        foreach (string[] chunk in ids.Chunk(100))
        {
            KmipBatch batch = context.Client.CreateBatch();
            batch.ErrorContinuation = BatchErrorContinuationOption.Continue;
            List<KmipBatchItem<GetAttributesResponsePayload>> items = [.. chunk.Select(id => batch.Add<GetAttributesResponsePayload>(
                new GetAttributesRequestPayload { UniqueIdentifier = id, AttributeReference = [.. s_rowAttributes] }))];
            KmipBatchResult result = await batch.SendAsync(context.CancellationToken).ConfigureAwait(false);
            for (int i = 0; i < chunk.Length; i++)
            {
                try
                {
                    List<KmipAttribute>? attributes = result.Get(items[i]).Attributes;
                    rows.Add(new KeyRow(
                        chunk[i],
                        KmipAttributeJson.NameText(KmipAttributeJson.Find(attributes, Tag.Name)),
                        KmipAttributeJson.Find(attributes, Tag.ObjectType) is { } type ? KmipAttributeJson.Text(KmipAttributeJson.Value(type)) : null,
                        KmipAttributeJson.Find(attributes, Tag.CryptographicAlgorithm) is { } algorithm ? KmipAttributeJson.Text(KmipAttributeJson.Value(algorithm)) : null,
                        KmipAttributeJson.Find(attributes, Tag.CryptographicLength)?.IntegerValue,
                        KmipAttributeJson.Find(attributes, Tag.State) is { } state ? KmipAttributeJson.Text(KmipAttributeJson.Value(state)) : null,
                        null));
                }
                catch (KmipOperationException ex)
                {
                    rows.Add(new KeyRow(chunk[i], null, null, null, null, null, KmipCommandRunner.Describe(ex)));
                }
            }
        }

        return rows;
    }

    private static Command CreateAttributes()
    {
        var command = new Command("attributes", "Every attribute of an object (Get Attributes).");
        Argument<string> id = IdArgument();
        command.Arguments.Add(id);
        KmipCommandOptions options = KmipCommandOptions.AddTo(command);
        KmipCommandRunner.SetAction(command, "key attributes", options, async context =>
        {
            string key = await context.ResolveKeyAsync(context.Value(id)).ConfigureAwait(false);
            GetAttributesResponsePayload answer = await context.Client.GetAttributesAsync(key, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            List<KmipAttribute> attributes = answer.Attributes ?? [];
            if (context.Json)
            {
                JsonObject json = KmipAttributeJson.ToJson(attributes);
                json["uniqueIdentifier"] ??= answer.UniqueIdentifier ?? key;
                context.Output.WriteLine(json.ToJsonString(CliText.Json));
                return 0;
            }

            foreach (KmipAttribute attribute in attributes)
            {
                string label = attribute.IsVendorAttribute || !KmipVocabulary.TryGetTag(attribute.Tag, out TagDefinition? definition) ? attribute.ToString() : definition.Name;
                context.Output.WriteLine($"{label}: {KmipAttributeJson.Text(KmipAttributeJson.Value(attribute.Value))}");
            }

            return 0;
        });
        return command;
    }
}
