using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Interop.Tests;

/// <summary>
/// README §1.3 "Permitted Test Case Variations" for cryptographic output: Data, MAC Data, IV/Counter/Nonce and the
/// tag vary "when the key is server-generated or the operation is not deterministic" (CS-BC-M-1 expects the literal
/// ciphertext of a key the server has just created at random). Known keys with client-given IVs are compared exactly.
/// The output placeholders a later request uses ($MAC_DATA, $IV_COUNTER_NONCE, ...) are bound from the first
/// response that carries the item, since the files sometimes give a literal where the placeholder belongs.
/// </summary>
public sealed partial class OasisReplay
{
    private static readonly HashSet<Tag> CryptoOutput = [Tag.Data, Tag.MACData, Tag.IVCounterNonce, Tag.AuthenticatedEncryptionTag, Tag.SignatureData];

    private static readonly HashSet<Operation> KeyedCrypto = [Operation.Encrypt, Operation.Decrypt, Operation.MAC, Operation.Sign];

    private static readonly HashSet<Operation> Generating =
        [Operation.Create, Operation.CreateKeyPair, Operation.DeriveKey, Operation.ReKey, Operation.ReKeyKeyPair, Operation.CreateSplitKey, Operation.JoinSplitKey];

    // The output placeholders, by the item they stand for ($DATA_n are numbered; the others are not).
    private static readonly (string Prefix, Tag Tag)[] OutputPlaceholders =
    [
        ("$DATA", Tag.Data), ("$MAC_DATA", Tag.MACData), ("$IV_COUNTER_NONCE", Tag.IVCounterNonce),
        ("$AUTHENTICATED_ENCRYPTION_TAG", Tag.AuthenticatedEncryptionTag), ("$SIGNATURE_DATA", Tag.SignatureData),
    ];

    // The last value of each crypto output item any response carried.
    private readonly Dictionary<Tag, TtlvNode> _lastOutput = [];

    // Objects the server generated in this test (their identifiers as the server gave them).
    private readonly HashSet<string> _generated = new(StringComparer.Ordinal);

    // For each batch item of the request last substituted: whether its crypto output is the server's choice.
    private readonly List<bool> _variableOutput = [];
    private int _wildcards;

    /// <summary>Whether a placeholder stands for crypto output (each response that carries it binds it anew).</summary>
    private static bool IsOutputPlaceholder(string name) => OutputTag(name) is not null;

    private static Tag? OutputTag(string name)
    {
        foreach ((string prefix, Tag tag) in OutputPlaceholders)
        {
            if (name == prefix || (name.StartsWith(prefix + "_", StringComparison.Ordinal) && name[(prefix.Length + 1)..].All(char.IsAsciiDigit)))
            {
                return tag;
            }
        }

        return null;
    }

    /// <summary>
    /// An output placeholder a request uses that no response bound: some files give the literal where the
    /// placeholder belongs (CS-BC-M-13-14 answers Encrypt with literal Data, then decrypts $DATA_0), so the last
    /// value of that item any response carried.
    /// </summary>
    private bool TryLastOutput(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TtlvNode? value)
    {
        value = null;
        return OutputTag(name) is Tag tag && _lastOutput.TryGetValue(tag, out value);
    }

    /// <summary>Notes which batch items of a substituted request produce output the server may vary.</summary>
    private void NoteRequest(TtlvNode request)
    {
        _variableOutput.Clear();
        foreach (TtlvNode item in request.FindAll(Tag.BatchItem))
        {
            var operation = item.Find(Tag.Operation) is { Type: TtlvType.Enumeration } op ? (Operation)op.EnumerationValue : (Operation?)null;
            TtlvNode? payload = item.Find(Tag.RequestPayload);
            bool generatedKey = payload?.Find(Tag.UniqueIdentifier) is { Type: TtlvType.TextString } id && _generated.Contains(id.TextStringValue);
            // An Encrypt without IV may get a server-made IV (Random IV on the key's parameters, which the request
            // does not show), so its output counts as variable; for ECB this is looser than needed, and a wrong
            // ECB literal then shows at the Decrypt step instead (CS-BC-M-6-13).
            bool serverIv = operation == Operation.Encrypt && payload?.Find(Tag.IVCounterNonce) is null;
            _variableOutput.Add(operation == Operation.RNGRetrieve || (operation is Operation o && KeyedCrypto.Contains(o) && (generatedKey || serverIv)));
        }
    }

    /// <summary>The expected response with the server-chosen crypto output of each noted batch item made a wildcard.</summary>
    private TtlvNode WithVariableOutput(TtlvNode expected)
    {
        if (!_variableOutput.Contains(true))
        {
            return expected;
        }

        int index = 0;
        var children = new List<TtlvNode>();
        foreach (TtlvNode child in expected.Children)
        {
            if (child.Tag == Tag.BatchItem && index < _variableOutput.Count && _variableOutput[index++])
            {
                children.Add(TtlvNode.Structure(child.Tag, child.Children.Select(part => part.Tag == Tag.ResponsePayload
                    ? TtlvNode.Structure(part.Tag, part.Children.Select(Wildcard).ToList())
                    : part).ToList()));
            }
            else
            {
                children.Add(child);
            }
        }

        return TtlvNode.Structure(expected.Tag, children);
    }

    // A fresh placeholder binds whatever the server answered (README: "any 16 bytes").
    private TtlvNode Wildcard(TtlvNode node) =>
        CryptoOutput.Contains(node.Tag) && node.Type == TtlvType.ByteString ? TtlvNode.TextString(node.Tag, $"$SERVER_OUTPUT_{_wildcards++}") : node;

    /// <summary>After a matching response: remember generated objects and bind the output placeholders.</summary>
    private void NoteResponse(TtlvNode actual)
    {
        foreach (TtlvNode item in actual.FindAll(Tag.BatchItem))
        {
            TtlvNode? payload = item.Find(Tag.ResponsePayload);
            if (payload is null)
            {
                continue;
            }

            if (item.Find(Tag.Operation) is { Type: TtlvType.Enumeration } op && Generating.Contains((Operation)op.EnumerationValue))
            {
                foreach (TtlvNode id in payload.Children.Where(c => c.Type == TtlvType.TextString
                    && c.Tag is Tag.UniqueIdentifier or Tag.PrivateKeyUniqueIdentifier or Tag.PublicKeyUniqueIdentifier))
                {
                    _generated.Add(id.TextStringValue);
                }
            }

            foreach (TtlvNode output in payload.Children.Where(child => CryptoOutput.Contains(child.Tag)))
            {
                _lastOutput[output.Tag] = output;
            }
        }
    }
}
