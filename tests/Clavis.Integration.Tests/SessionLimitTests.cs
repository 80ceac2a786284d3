using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>Session limits: idle time and message size end a session; the server goes on serving.</summary>
public sealed class SessionLimitTests(LimitsServerFixture server) : IClassFixture<LimitsServerFixture>
{
        [Fact]
    public async Task An_idle_session_is_closed_by_the_server()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
        Assert.True(await client.ServerClosesAsync(), "the server sent data instead of closing the idle session");
        await AssertServesAsync();
    }

    [Fact]
    public async Task A_message_over_the_size_limit_gets_an_error_response_then_a_close()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] large = Requests.Message(Requests.RegisterSecret(new byte[2 * LimitsServerFixture.MaxMessageSize])).Encode();
        // The header alone is enough to refuse it; the rest is never read.
        await client.WriteRawAsync(large.AsMemory(0, 1024));
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidMessage);
        Assert.True(await client.ServerClosesAsync(), "the session stayed open after an oversize message");
        await AssertServesAsync();
    }

    private async Task AssertServesAsync()
    {
        await using KmipTestClient other = await server.ConnectAsync();
        Responses.Success<QueryResponsePayload>(await other.SendAsync(Requests.Message(Requests.Query())));
    }
}
