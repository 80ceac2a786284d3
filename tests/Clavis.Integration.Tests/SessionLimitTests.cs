using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>Session limits: idle time, message size, message count, lifetime and connection count end a session; the server goes on serving.</summary>
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

    [Fact]
    public async Task A_session_is_closed_after_its_message_limit_once_the_last_message_is_answered()
    {
        ServerFixture limited = await ServerFixture.StartAsync(settings => settings.MaxMessagesPerSession = 3);
        try
        {
            await using KmipTestClient client = await limited.ConnectAsync();
            for (int i = 0; i < 3; i++)
            {
                Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
            }

            Assert.True(await client.ServerClosesAsync(), "the session stayed open past its message limit");
            await using KmipTestClient next = await limited.ConnectAsync();
            Responses.Success<QueryResponsePayload>(await next.SendAsync(Requests.Message(Requests.Query())));
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_session_past_its_lifetime_is_closed_after_answering_its_current_request()
    {
        ServerFixture limited = await ServerFixture.StartAsync(settings => settings.SessionLifetimeSeconds = 1);
        try
        {
            await using KmipTestClient client = await limited.ConnectAsync();
            Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
            Assert.True(await client.ServerClosesAsync(), "the session stayed open past its lifetime");
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_connection_over_the_limit_is_closed_and_a_freed_place_serves_again()
    {
        ServerFixture limited = await ServerFixture.StartAsync(settings => settings.MaxConnections = 2);
        try
        {
            KmipTestClient first = await limited.ConnectAsync();
            await using KmipTestClient second = await limited.ConnectAsync();
            Responses.Success<QueryResponsePayload>(await first.SendAsync(Requests.Message(Requests.Query())));
            Responses.Success<QueryResponsePayload>(await second.SendAsync(Requests.Message(Requests.Query())));
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using KmipTestClient third = await limited.ConnectAsync();
                await third.SendAsync(Requests.Message(Requests.Query()));
            });

            await first.DisposeAsync();
            // The server frees the place when it notices the close; poll for it rather than guess a delay.
            using var deadline = new CancellationTokenSource(KmipTestClient.Timeout);
            while (true)
            {
                try
                {
                    await using KmipTestClient again = await limited.ConnectAsync();
                    Responses.Success<QueryResponsePayload>(await again.SendAsync(Requests.Message(Requests.Query())));
                    break;
                }
                catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or InvalidOperationException && !deadline.IsCancellationRequested)
                {
                    await Task.Delay(100, deadline.Token);
                }
            }
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    private async Task AssertServesAsync()
    {
        await using KmipTestClient other = await server.ConnectAsync();
        Responses.Success<QueryResponsePayload>(await other.SendAsync(Requests.Message(Requests.Query())));
    }
}
