using System.Net.Sockets;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>Stopping the server lets the request it is processing finish and be answered.</summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task Stopping_drains_an_in_flight_request_and_then_refuses_new_sessions()
    {
        using var clock = new GateClock();
        ServerFixture server = await ServerFixture.StartAsync(settings => settings.SchedulerIntervalSeconds = 3600, clock);
        try
        {
            System.Net.IPEndPoint endPoint = server.KmipEndPoint;
            await using KmipTestClient client = await server.ConnectAsync();
            clock.Arm();
            await client.WriteRawAsync(Requests.Message(Requests.Query()).Encode());
            await clock.Entered.WaitAsync(KmipTestClient.Timeout);

            // The request is now inside the dispatcher (the scheduler, the only other clock reader, is
            // set to run hourly); the stop must wait for it.
            Task stopping = server.StopAsync();
            Assert.False(stopping.IsCompleted, "the server stopped while a request was still in flight");
            clock.Release();

            ResponseMessage? answer = await client.ReadResponseAsync();
            Assert.NotNull(answer);
            Responses.Success<QueryResponsePayload>(answer);
            await stopping.WaitAsync(KmipTestClient.Timeout);
            Assert.True(await client.ServerClosesAsync(), "the session stayed open after the stop");
            using var late = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(endPoint));
        }
        finally
        {
            clock.Release();
            await server.DisposeAsync();
        }
    }
}
