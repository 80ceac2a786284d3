using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Clavis.Cli.Client;
using Clavis.Client;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis encrypt|decrypt|sign|verify|mac</c>: cryptography with keys that stay on the server. Defaults follow the
/// key: AES → GCM, RSA → OAEP with SHA-256 (encrypt) and PSS with SHA-256 (sign), EC → ECDSA with the curve's hash,
/// HMAC → its hash.
/// </summary>
public static class CryptoCommands
{
    /// <summary>Plaintext per Encrypt request: well under the server's default 4 MiB message limit.</summary>
    internal const int ChunkSize = 1024 * 1024;

    /// <summary>Most data one request may carry where the CLI cannot cut it in chunks (raw mode, Sign, MAC).</summary>
    internal const int SingleRequestLimit = 3 * 1024 * 1024;

    private sealed record KeyInfo(string Id, ObjectType? Type, CryptographicAlgorithm? Algorithm, string? PrivateLink, string? PublicLink);

    /// <summary>Builds the five commands.</summary>
    public static IEnumerable<Command> Create() => [CreateEncrypt(), CreateDecrypt(), CreateSign(), CreateVerify(), CreateMac()];

    private sealed class CommonOptions
    {
        public Option<string?> Key { get; } = new("--key") { Description = "The key: its Unique Identifier, or name:NAME.", HelpName = "ID" };

        public Option<string?> In { get; } = new("--in") { Description = "Input file (standard input when absent or -).", HelpName = "FILE" };

        public Option<string?> Out { get; } = new("--out") { Description = "Output file (standard output when absent or -).", HelpName = "FILE" };

        public Option<string?> Algorithm { get; } = new("--algorithm") { Description = "Cryptographic algorithm (default: the key's)." };

        public Option<string?> Mode { get; } = new("--mode") { Description = "Block cipher mode: GCM (default for AES), CBC, CTR, ECB, XTS." };

        public Option<string?> Padding { get; } = new("--padding") { Description = "Padding: PKCS5 (CBC default), None, OAEP (RSA encrypt default), PSS (RSA sign default), PKCS1-v1_5." };

        public Option<string?> Hash { get; } = new("--hash") { Description = "Hash: SHA-256 (RSA default), SHA-1, SHA-384, SHA-512 (EC default: the curve's)." };

        public KmipCommandOptions AddTo(Command command, bool cipher)
        {
            command.Options.Add(Key);
            command.Options.Add(In);
            command.Options.Add(Out);
            command.Options.Add(Algorithm);
            if (cipher)
            {
                command.Options.Add(Mode);
            }

            command.Options.Add(Padding);
            command.Options.Add(Hash);
            return KmipCommandOptions.AddTo(command, keyAlias: false);
        }
    }

    private static Command CreateEncrypt()
    {
        var command = new Command("encrypt", "Encrypt a file with a key held by the server. Writes a Clavis envelope (key, parameters, IVs and tags: clavis decrypt needs nothing else); --raw writes the bare ciphertext and prints the IV and tag on standard error.");
        var common = new CommonOptions();
        var raw = new Option<bool>("--raw") { Description = "Bare ciphertext (one request, at most 3 MiB); IV and tag in hex on standard error (with --json: as JSON there)." };
        var iv = new Option<string?>("--iv") { Description = "With --raw: the IV/nonce to use, hex (default: the server makes one).", HelpName = "HEX" };
        command.Options.Add(raw);
        command.Options.Add(iv);
        KmipCommandOptions options = common.AddTo(command, cipher: true);
        KmipCommandRunner.SetAction(command, "encrypt", options, async context =>
        {
            KeyInfo key = await KeyInfoAsync(context, common).ConfigureAwait(false);
            CryptographicParameters parameters = CipherParameters(context, common, key);
            await using Stream input = OpenInput(context.Value(common.In));
            if (context.Value(raw))
            {
                byte[] data = await ReadLimitedAsync(input, context.Value(common.In), "encrypt --raw", context.CancellationToken).ConfigureAwait(false);
                EncryptResponsePayload encrypted = await context.Client.EncryptAsync(
                    new EncryptRequestPayload { UniqueIdentifier = key.Id, CryptographicParameters = parameters, Data = data, IVCounterNonce = context.Value(iv) is { } hex ? Hex(hex, "--iv") : null },
                    context.CancellationToken).ConfigureAwait(false);
                CryptographicOperations.ZeroMemory(data);
                await WriteOutputAsync(context, context.Value(common.Out), encrypted.Data ?? [], binary: true).ConfigureAwait(false);
                context.Error.WriteLine(context.Json
                    ? new JsonObject { ["uniqueIdentifier"] = key.Id, ["ivCounterNonce"] = HexOrNull(encrypted.IVCounterNonce), ["authenticatedEncryptionTag"] = HexOrNull(encrypted.AuthenticatedEncryptionTag) }.ToJsonString(CliText.Json)
                    : $"iv: {HexOrNull(encrypted.IVCounterNonce) ?? "-"}\ntag: {HexOrNull(encrypted.AuthenticatedEncryptionTag) ?? "-"}");
                return 0;
            }

            bool gcm = parameters.BlockCipherMode == BlockCipherMode.GCM;
            // RSA encrypts one block: the whole input is one record, and the server says when it is too long.
            int chunk = key.Algorithm == CryptographicAlgorithm.RSA ? SingleRequestLimit : ChunkSize;
            var header = new EnvelopeHeader
            {
                KeyId = key.Id,
                Algorithm = (parameters.CryptographicAlgorithm ?? key.Algorithm)?.ToString() ?? "",
                Mode = parameters.BlockCipherMode?.ToString(),
                Padding = parameters.PaddingMethod?.ToString(),
                Hash = parameters.HashingAlgorithm?.ToString(),
                TagLength = parameters.TagLength,
                ChunkSize = chunk,
            };
            return await WithOutputAsync(context, context.Value(common.Out), async output =>
            {
                byte[] headerBytes = await Envelope.WriteHeaderAsync(output, header, context.CancellationToken).ConfigureAwait(false);
                var current = new byte[chunk];
                var next = new byte[chunk];
                int currentLength = await input.ReadAtLeastAsync(current, chunk, throwOnEndOfStream: false, context.CancellationToken).ConfigureAwait(false);
                long index = 0;
                while (true)
                {
                    // Read ahead one chunk to know whether this one is the last: the final flag is authenticated.
                    int nextLength = currentLength < chunk ? 0 : await input.ReadAtLeastAsync(next, chunk, throwOnEndOfStream: false, context.CancellationToken).ConfigureAwait(false);
                    bool final = nextLength == 0;
                    if (key.Algorithm == CryptographicAlgorithm.RSA && !final)
                    {
                        throw new AdminClientException(AdminClientException.UsageError, "RSA encrypts one short message (a key or a password), not a file; use an AES key");
                    }

                    EncryptResponsePayload encrypted = await context.Client.EncryptAsync(
                        new EncryptRequestPayload
                        {
                            UniqueIdentifier = key.Id,
                            CryptographicParameters = parameters,
                            Data = current[..currentLength],
                            AuthenticatedEncryptionAdditionalData = gcm ? Envelope.AdditionalData(headerBytes, index, final) : null,
                        },
                        context.CancellationToken).ConfigureAwait(false);
                    await Envelope.WriteRecordAsync(output, new EnvelopeRecord(final, encrypted.IVCounterNonce, encrypted.AuthenticatedEncryptionTag, encrypted.Data ?? []), context.CancellationToken).ConfigureAwait(false);
                    if (final)
                    {
                        break;
                    }

                    (current, next) = (next, current);
                    currentLength = nextLength;
                    index++;
                }

                CryptographicOperations.ZeroMemory(current);
                CryptographicOperations.ZeroMemory(next);
                return 0;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateDecrypt()
    {
        var command = new Command("decrypt", "Decrypt a Clavis envelope written by clavis encrypt (the key and parameters are in it); --raw decrypts bare ciphertext with --key, --iv and --tag.");
        var common = new CommonOptions();
        var raw = new Option<bool>("--raw") { Description = "The input is bare ciphertext (at most 3 MiB), not an envelope." };
        var iv = new Option<string?>("--iv") { Description = "With --raw: the IV/nonce, hex.", HelpName = "HEX" };
        var tag = new Option<string?>("--tag") { Description = "With --raw: the GCM tag, hex.", HelpName = "HEX" };
        command.Options.Add(raw);
        command.Options.Add(iv);
        command.Options.Add(tag);
        KmipCommandOptions options = common.AddTo(command, cipher: true);
        KmipCommandRunner.SetAction(command, "decrypt", options, async context =>
        {
            await using Stream input = OpenInput(context.Value(common.In));
            if (context.Value(raw))
            {
                KeyInfo key = await KeyInfoAsync(context, common).ConfigureAwait(false);
                byte[] data = await ReadLimitedAsync(input, context.Value(common.In), "decrypt --raw", context.CancellationToken).ConfigureAwait(false);
                DecryptResponsePayload decrypted = await context.Client.DecryptAsync(
                    new DecryptRequestPayload
                    {
                        UniqueIdentifier = key.Id,
                        CryptographicParameters = CipherParameters(context, common, key),
                        Data = data,
                        IVCounterNonce = context.Value(iv) is { } ivHex ? Hex(ivHex, "--iv") : null,
                        AuthenticatedEncryptionTag = context.Value(tag) is { } tagHex ? Hex(tagHex, "--tag") : null,
                    },
                    context.CancellationToken).ConfigureAwait(false);
                await WriteOutputAsync(context, context.Value(common.Out), decrypted.Data ?? [], binary: true).ConfigureAwait(false);
                CryptographicOperations.ZeroMemory(decrypted.Data ?? []);
                return 0;
            }

            (EnvelopeHeader header, byte[] headerBytes) = await Envelope.ReadHeaderAsync(input, context.CancellationToken).ConfigureAwait(false)
                ?? throw Envelope.Invalid($"{context.Value(common.In) ?? "the input"} is not a Clavis envelope (for bare ciphertext use --raw with --key, --iv and --tag)");
            string keyId = context.Value(common.Key) is { } given ? await context.ResolveKeyAsync(given).ConfigureAwait(false) : header.KeyId;
            var parameters = new CryptographicParameters
            {
                CryptographicAlgorithm = Enum.TryParse(header.Algorithm, out CryptographicAlgorithm algorithm) ? algorithm : null,
                BlockCipherMode = header.Mode is null ? null : Enum.Parse<BlockCipherMode>(header.Mode),
                PaddingMethod = header.Padding is null ? null : Enum.Parse<PaddingMethod>(header.Padding),
                HashingAlgorithm = header.Hash is null ? null : Enum.Parse<HashingAlgorithm>(header.Hash),
                TagLength = header.TagLength,
            };
            bool gcm = parameters.BlockCipherMode == BlockCipherMode.GCM;
            return await WithOutputAsync(context, context.Value(common.Out), async output =>
            {
                long index = 0;
                bool sawFinal = false;
                while (await Envelope.ReadRecordAsync(input, header.ChunkSize, context.CancellationToken).ConfigureAwait(false) is { } record)
                {
                    if (sawFinal)
                    {
                        throw Envelope.Invalid("the envelope has data after its final record");
                    }

                    DecryptResponsePayload decrypted = await context.Client.DecryptAsync(
                        new DecryptRequestPayload
                        {
                            UniqueIdentifier = keyId,
                            CryptographicParameters = parameters,
                            Data = record.Ciphertext,
                            IVCounterNonce = record.Iv,
                            AuthenticatedEncryptionTag = record.Tag,
                            AuthenticatedEncryptionAdditionalData = gcm ? Envelope.AdditionalData(headerBytes, index, record.Final) : null,
                        },
                        context.CancellationToken).ConfigureAwait(false);
                    byte[] plaintext = decrypted.Data ?? [];
                    await output.WriteAsync(plaintext, context.CancellationToken).ConfigureAwait(false);
                    CryptographicOperations.ZeroMemory(plaintext);
                    sawFinal = record.Final;
                    index++;
                }

                return sawFinal ? 0 : throw Envelope.Invalid("the envelope is cut short: its final record is missing");
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateSign()
    {
        var command = new Command("sign", "Sign a file with a private key held by the server (a public key's identifier finds its private key). The signature goes to --out as bytes, else to standard output in base64.");
        var common = new CommonOptions();
        KmipCommandOptions options = common.AddTo(command, cipher: false);
        KmipCommandRunner.SetAction(command, "sign", options, async context =>
        {
            KeyInfo key = await KeyInfoAsync(context, common).ConfigureAwait(false);
            string id = key.Type == ObjectType.PublicKey && key.PrivateLink is not null ? key.PrivateLink : key.Id;
            await using Stream input = OpenInput(context.Value(common.In));
            byte[] data = await ReadLimitedAsync(input, context.Value(common.In), "sign", context.CancellationToken).ConfigureAwait(false);
            SignResponsePayload signed = await context.Client.SignAsync(id, data, SignatureParameters(context, common, key), context.CancellationToken).ConfigureAwait(false);
            return await WriteResultAsync(context, context.Value(common.Out), id, signed.SignatureData ?? [], "signatureData", Convert.ToBase64String).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var command = new Command("verify", "Check a signature with a public key held by the server (a private key's identifier finds its public key). Exit 0: valid; exit 1: not valid.");
        var common = new CommonOptions();
        var signature = new Option<string>("--signature") { Description = "The signature file: raw bytes, or base64 as clavis sign prints it.", Required = true, HelpName = "FILE" };
        command.Options.Add(signature);
        KmipCommandOptions options = common.AddTo(command, cipher: false);
        KmipCommandRunner.SetAction(command, "verify", options, async context =>
        {
            KeyInfo key = await KeyInfoAsync(context, common).ConfigureAwait(false);
            string id = key.Type == ObjectType.PrivateKey && key.PublicLink is not null ? key.PublicLink : key.Id;
            byte[] signatureBytes = ReadBinaryOrText(await ReadAllAsync(context.Value(signature), context.CancellationToken).ConfigureAwait(false), preferHex: false);
            await using Stream input = OpenInput(context.Value(common.In));
            byte[] data = await ReadLimitedAsync(input, context.Value(common.In), "verify", context.CancellationToken).ConfigureAwait(false);
            SignatureVerifyResponsePayload answer = await context.Client.SignatureVerifyAsync(id, data, signatureBytes, SignatureParameters(context, common, key), context.CancellationToken).ConfigureAwait(false);
            bool valid = answer.ValidityIndicator == ValidityIndicator.Valid;
            return Verdict(context, id, valid, "signature");
        });
        return command;
    }

    private static Command CreateMac()
    {
        var command = new Command("mac", "Compute a MAC with a key held by the server (HMAC keys use their hash; AES keys CMAC): hex on standard output, or bytes to --out. With --verify FILE, check a MAC instead (exit 0 valid, 1 not valid).");
        var common = new CommonOptions();
        var verify = new Option<string?>("--verify") { Description = "Check this MAC (a file: raw bytes or hex) instead of computing one.", HelpName = "FILE" };
        command.Options.Add(verify);
        KmipCommandOptions options = common.AddTo(command, cipher: false);
        KmipCommandRunner.SetAction(command, "mac", options, async context =>
        {
            string id = await context.ResolveKeyAsync(context.Value(common.Key) ?? throw new AdminClientException(AdminClientException.UsageError, "--key ID is required")).ConfigureAwait(false);
            CryptographicParameters? parameters = context.Value(common.Algorithm) is { } a ? new CryptographicParameters { CryptographicAlgorithm = CliText.ParseEnum<CryptographicAlgorithm>(a, "--algorithm") } : null;
            await using Stream input = OpenInput(context.Value(common.In));
            byte[] data = await ReadLimitedAsync(input, context.Value(common.In), "mac", context.CancellationToken).ConfigureAwait(false);
            if (context.Value(verify) is { } macFile)
            {
                byte[] mac = ReadBinaryOrText(await ReadAllAsync(macFile, context.CancellationToken).ConfigureAwait(false), preferHex: true);
                MACVerifyResponsePayload answer = await context.Client.MacVerifyAsync(id, data, mac, parameters, context.CancellationToken).ConfigureAwait(false);
                return Verdict(context, id, answer.ValidityIndicator == ValidityIndicator.Valid, "MAC");
            }

            MACResponsePayload computed = await context.Client.MacAsync(id, data, parameters, context.CancellationToken).ConfigureAwait(false);
            return await WriteResultAsync(context, context.Value(common.Out), id, computed.MACData ?? [], "macData", Convert.ToHexStringLower).ConfigureAwait(false);
        });
        return command;
    }

    private static int Verdict(KmipCommandContext context, string id, bool valid, string what)
    {
        if (context.Json)
        {
            context.Output.WriteLine(new JsonObject { ["uniqueIdentifier"] = id, ["validityIndicator"] = valid ? "Valid" : "Invalid" }.ToJsonString(CliText.Json));
        }
        else
        {
            context.Output.WriteLine(valid ? $"{what} is valid (key {id})" : $"{what} is NOT valid (key {id}): the data or the {what} was changed, or another key made it");
        }

        return valid ? 0 : AdminClientException.Refused;
    }

    private static async Task<KeyInfo> KeyInfoAsync(KmipCommandContext context, CommonOptions common)
    {
        string id = await context.ResolveKeyAsync(context.Value(common.Key) ?? throw new AdminClientException(AdminClientException.UsageError, "--key ID is required")).ConfigureAwait(false);
        GetAttributesResponsePayload attributes = await context.Client.GetAttributesAsync(
            id, [new KmipAttributeReference(Tag.ObjectType), new KmipAttributeReference(Tag.CryptographicAlgorithm), new KmipAttributeReference(Tag.Link)], context.CancellationToken).ConfigureAwait(false);
        string? Link(LinkType type) => attributes.Attributes?
            .Where(a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkType)?.EnumerationValue == (uint)type)
            .Select(a => a.Value.Find(Tag.LinkedObjectIdentifier)?.TextStringValue)
            .FirstOrDefault();
        return new KeyInfo(
            id,
            KmipAttributeJson.Find(attributes.Attributes, Tag.ObjectType) is { } type ? (ObjectType)type.EnumerationValue : null,
            KmipAttributeJson.Find(attributes.Attributes, Tag.CryptographicAlgorithm) is { } algorithm ? (CryptographicAlgorithm)algorithm.EnumerationValue : null,
            Link(LinkType.PrivateKeyLink),
            Link(LinkType.PublicKeyLink));
    }

    private static CryptographicParameters CipherParameters(KmipCommandContext context, CommonOptions common, KeyInfo key)
    {
        var parameters = new CryptographicParameters();
        if (context.Value(common.Algorithm) is { } algorithm)
        {
            parameters.CryptographicAlgorithm = CliText.ParseEnum<CryptographicAlgorithm>(algorithm, "--algorithm");
        }

        CryptographicAlgorithm? effective = parameters.CryptographicAlgorithm ?? key.Algorithm;
        if (effective == CryptographicAlgorithm.RSA)
        {
            parameters.PaddingMethod = context.Value(common.Padding) is { } p ? CliText.ParseEnum<PaddingMethod>(p, "--padding") : PaddingMethod.OAEP;
            if (parameters.PaddingMethod == PaddingMethod.OAEP)
            {
                parameters.HashingAlgorithm = context.Value(common.Hash) is { } h ? CliText.ParseEnum<HashingAlgorithm>(h, "--hash") : HashingAlgorithm.SHA_256;
            }

            return parameters;
        }

        parameters.BlockCipherMode = context.Value(common.Mode) is { } mode ? CliText.ParseEnum<BlockCipherMode>(mode, "--mode") : BlockCipherMode.GCM;
        if (parameters.BlockCipherMode == BlockCipherMode.GCM)
        {
            parameters.TagLength = 16;
        }

        parameters.PaddingMethod = context.Value(common.Padding) is { } padding ? CliText.ParseEnum<PaddingMethod>(padding, "--padding")
            : parameters.BlockCipherMode is BlockCipherMode.CBC or BlockCipherMode.ECB ? PaddingMethod.PKCS5 : null;
        return parameters;
    }

    private static CryptographicParameters? SignatureParameters(KmipCommandContext context, CommonOptions common, KeyInfo key)
    {
        HashingAlgorithm? hash = context.Value(common.Hash) is { } h ? CliText.ParseEnum<HashingAlgorithm>(h, "--hash") : null;
        PaddingMethod? padding = context.Value(common.Padding) is { } p ? CliText.ParseEnum<PaddingMethod>(p, "--padding") : null;
        if (key.Algorithm == CryptographicAlgorithm.RSA)
        {
            return new CryptographicParameters { PaddingMethod = padding ?? PaddingMethod.PSS, HashingAlgorithm = hash ?? HashingAlgorithm.SHA_256 };
        }

        // EC: the server's default is the curve's hash (P-256 → SHA-256); Ed25519 takes none.
        return hash is null && padding is null ? null : new CryptographicParameters { HashingAlgorithm = hash, PaddingMethod = padding };
    }

    /// <summary>Reads a whole file (standard input for null or -).</summary>
    internal static async Task<byte[]> ReadAllAsync(string? path, CancellationToken cancellationToken)
    {
        await using Stream input = OpenInput(path);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    // A signature or MAC: raw bytes to the --out file, or as text (in JSON under jsonName) on standard output.
    private static async Task<int> WriteResultAsync(KmipCommandContext context, string? outFile, string id, byte[] value, string jsonName, Func<byte[], string> text)
    {
        if (outFile is not null and not "-")
        {
            await WriteFileAsync(outFile, value, ownerOnly: false, context.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            context.Output.WriteLine(context.Json
                ? new JsonObject { ["uniqueIdentifier"] = id, [jsonName] = text(value) }.ToJsonString(CliText.Json)
                : text(value));
        }

        return 0;
    }

    /// <summary>Writes a file; owner-only (0600) for key material.</summary>
    internal static async Task WriteFileAsync(string path, byte[] bytes, bool ownerOnly, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static Stream OpenInput(string? path)
    {
        if (path is null or "-")
        {
            return Console.OpenStandardInput();
        }

        return File.Exists(path) ? File.OpenRead(path) : throw new AdminClientException(AdminClientException.UsageError, $"--in {path}: no such file");
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream input, string? path, string what, CancellationToken cancellationToken)
    {
        var buffer = new byte[SingleRequestLimit + 1];
        int read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read > SingleRequestLimit)
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new AdminClientException(AdminClientException.UsageError,
                $"{path ?? "the input"} is larger than 3 MiB: {what} sends it in one request and the server's message limit is 4 MiB by default (clavis encrypt without --raw takes files of any size)");
        }

        byte[] data = buffer[..read];
        CryptographicOperations.ZeroMemory(buffer);
        return data;
    }

    private static async Task WriteOutputAsync(KmipCommandContext context, string? path, byte[] bytes, bool binary) =>
        await WithOutputAsync(context, path, async output =>
        {
            await output.WriteAsync(bytes, context.CancellationToken).ConfigureAwait(false);
            return 0;
        }, binary).ConfigureAwait(false);

    /// <summary>Runs <paramref name="write"/> on the output file (emptied, and removed if this created it, when it fails) or on standard output (refused on a terminal for binary data).</summary>
    private static async Task<int> WithOutputAsync(KmipCommandContext context, string? path, Func<Stream, Task<int>> write, bool binary = true)
    {
        if (path is null or "-")
        {
            if (binary && path is null && !Console.IsOutputRedirected)
            {
                throw new AdminClientException(AdminClientException.UsageError, "binary output is not written to a terminal: give --out FILE or redirect standard output (--out - forces it)");
            }

            await using Stream stdout = Console.OpenStandardOutput();
            return await write(stdout).ConfigureAwait(false);
        }

        // Only a file this command created is deleted on failure: an existing path may be a device or a pipe (/dev/null).
        bool created = !File.Exists(path) && !Directory.Exists(path);
        bool done = false;
        try
        {
            int result;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                try
                {
                    result = await write(file).ConfigureAwait(false);
                }
                catch when (file.CanSeek)
                {
                    // Half a plaintext or ciphertext is worse than none: whoever reads the file later would not know.
                    EmptyQuietly(file);
                    throw;
                }
            }

            done = true;
            return result;
        }
        finally
        {
            if (!done && created)
            {
                File.Delete(path);
            }
        }
    }

    private static void EmptyQuietly(FileStream file)
    {
        try
        {
            file.SetLength(0);
        }
        catch (IOException)
        {
            // A device such as /dev/null cannot be truncated, and keeps nothing to hide; the first failure is the one to report.
        }
    }

    private static byte[] ReadBinaryOrText(byte[] content, bool preferHex)
    {
        // clavis sign prints base64 and clavis mac prints hex; a file holding that text is taken as the value it encodes.
        string text = System.Text.Encoding.ASCII.GetString(content);
        return content.All(b => b is (>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r') && CliText.DecodeText(text, preferHex) is { } decoded ? decoded : content;
    }

    private static byte[] Hex(string text, string option)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new AdminClientException(AdminClientException.UsageError, $"{option}: '{text}' is not hex");
        }
    }

    private static string? HexOrNull(byte[]? bytes) => bytes is null ? null : Convert.ToHexStringLower(bytes);
}
