using System.Security.Cryptography;
using System.Text;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>
/// Key values never reach the disk in the clear: every file of the data folder except the master key file
/// (which holds no object's key) is searched for each key value, raw, as hex and as base64.
/// </summary>
public sealed class KeyValueAtRestTests
{
    [Fact]
    public async Task No_key_value_is_found_in_any_file_of_the_data_folder()
    {
        ServerFixture server = await ServerFixture.StartAsync();
        try
        {
            var values = new List<byte[]>();
            await using (KmipTestClient client = await server.ConnectAsync())
            {
                for (int i = 0; i < 4; i++)
                {
                    byte[] key = RandomNumberGenerator.GetBytes(32);
                    string id = Responses.Success<RegisterResponsePayload>(await client.SendAsync(Requests.Message(Requests.RegisterAes(key)))).UniqueIdentifier!;
                    Assert.Equal(key, await GetKeyMaterialAsync(client, id));
                    values.Add(key);
                }

                byte[] secret = RandomNumberGenerator.GetBytes(24);
                string secretId = Responses.Success<RegisterResponsePayload>(await client.SendAsync(Requests.Message(Requests.RegisterSecret(secret)))).UniqueIdentifier!;
                Assert.Equal(secret, await GetKeyMaterialAsync(client, secretId));
                values.Add(secret);

                for (int i = 0; i < 3; i++)
                {
                    // Keys the server generates are learnt through Get, then looked for like the others.
                    string id = Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes(256)))).UniqueIdentifier!;
                    values.Add(await GetKeyMaterialAsync(client, id));
                }
            }

            // While running, the write-ahead log may still hold the newest pages; after the stop, the checkpointed file.
            AssertNotFound(server.DataDirectory, values);
            await server.StopAsync();
            AssertNotFound(server.DataDirectory, values);
            Assert.True(File.Exists(server.Host.DatabasePath), "the database file is not where the test looks");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<byte[]> GetKeyMaterialAsync(KmipTestClient client, string id)
    {
        var got = Responses.Success<GetResponsePayload>(await client.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
        KeyBlock block = got.Object switch
        {
            SymmetricKey key => key.KeyBlock!,
            SecretData secret => secret.KeyBlock!,
            _ => throw new InvalidOperationException($"unexpected object {got.Object?.ObjectType}"),
        };
        return block.KeyValue!.KeyMaterial!.ByteStringValue;
    }

    private static void AssertNotFound(string dataDirectory, List<byte[]> values)
    {
        // The lock file is empty and, while the node runs, locked against every other open (DataFolderLock).
        string[] files = [.. Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) is not ("master.key" or Server.Hosting.DataFolderLock.FileName))];
        Assert.Contains(files, f => Path.GetFileName(f) == "clavis.db");
        foreach (string file in files)
        {
            byte[] content;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                content = new byte[stream.Length];
                stream.ReadExactly(content);
            }

            foreach (byte[] value in values)
            {
                foreach ((string form, byte[] needle) in Forms(value))
                {
                    Assert.True(content.AsSpan().IndexOf(needle) < 0, $"a key value was found ({form}) in {Path.GetFileName(file)}");
                }
            }
        }
    }

    private static IEnumerable<(string Form, byte[] Needle)> Forms(byte[] value)
    {
        yield return ("raw", value);
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(value)));
        yield return ("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(value)));
        for (int shift = 0; shift < 3; shift++)
        {
            // Inside a longer base64 text the value can start at any of three byte offsets of a 3-byte group;
            // the whole groups from the first aligned byte on encode the same way in all of them.
            byte[] aligned = value[shift..][..((value.Length - shift) / 3 * 3)];
            yield return ($"base64 from byte {shift}", Encoding.ASCII.GetBytes(Convert.ToBase64String(aligned)));
        }
    }
}
