using System.Text.Json;
using IoTJobs.Client.Tests.Infrastructure;

namespace IoTJobs.Client.Tests.Operations;

/// <summary>SearchIndex (botocore iot 2015-05-28): the exact bytes sent, lazy paging with nextToken in the body, what is read back.</summary>
public class FleetIndexingOperationsTests
{
    private const string Document = """
        {"thingName":"sensor-1","thingId":"id-1","thingTypeName":"sensor","thingGroupNames":["floor-1","all"],
         "attributes":{"color":"red","n":"1"},"shadow":"{\"reported\":{\"fw\":\"1.2\"}}","deviceDefender":"{\"violations\":[]}",
         "connectivity":{"connected":false,"timestamp":1733011200123,"disconnectReason":"CLIENT_INITIATED_DISCONNECT"},"brandNew":{"x":1}}
        """;

    private static string Page(int from, int count, string? next) =>
        "{\"things\":[" + string.Join(",", Enumerable.Range(from, count).Select(i => $"{{\"thingName\":\"t{i}\"}}")) + "]" +
        (next == null ? "" : $",\"nextToken\":\"{next}\"") + ",\"thingGroups\":[]}";

    private static string? TokenOf(RecordedRequest r) =>
        JsonDocument.Parse(r.Body).RootElement.TryGetProperty("nextToken", out var t) ? t.GetString() : null;

    [Fact]
    public async Task AllMembers_ArePostedAsOneJsonObject_Signed()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"things\":[]}"));
        using var client = TestClients.For(server);
        await Items.All(client.SearchIndexAsync(new SearchIndexRequest
        {
            IndexName = "AWS_Things", QueryString = "thingName:sensor-* AND attributes.color:red", PageSize = 50, QueryVersion = "2017-09-30",
        }));
        var r = server.Last;
        Assert.Equal("POST /indices/search", r.Method + " " + r.Target);
        Assert.Equal("application/json", r.Header("Content-Type"));
        Assert.Equal("""{"indexName":"AWS_Things","queryString":"thingName:sensor-* AND attributes.color:red","maxResults":50,"queryVersion":"2017-09-30"}""", r.BodyText);
        var auth = SigV4Reference.ParseAuthorization(r.Header("Authorization")!);
        Assert.Equal(IoTJobsClient.SigningName, auth.Service);
        Assert.Contains("content-type", auth.SignedHeaders);
        Assert.Equal(SigV4Reference.ExpectedSignature(r, TestClients.SecretKey), auth.Signature);
    }

    [Fact]
    public async Task OnlyTheQueryString_IsSentWhenNothingElseIsSet()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        Assert.Empty(await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*" })));
        Assert.Equal("""{"queryString":"*"}""", server.Last.BodyText);
    }

    [Fact]
    public async Task Pages_AreRequestedLazily_WithTheTokenInTheBody_AndTheSameQueryEveryTime()
    {
        await using var server = ScriptedServer.Start((req, _) => TokenOf(req) switch
        {
            null => Reply.Ok(Page(0, 3, "p2")),
            "p2" => Reply.Ok(Page(3, 3, "p3")),
            "p3" => Reply.Ok(Page(6, 1, "")),
            var t => Reply.Error(400, "InvalidRequestException", "bad token " + t),
        });
        using var client = TestClients.For(server);
        var request = new SearchIndexRequest { QueryString = "thingName:t*", PageSize = 3 };
        await using (var e = client.SearchIndexAsync(request).GetAsyncEnumerator())
        {
            for (int i = 0; i < 3; i++) Assert.True(await e.MoveNextAsync());
            Assert.Equal(1, server.Count); // the whole first page read, the second not yet asked for
            Assert.True(await e.MoveNextAsync());
            Assert.Equal(2, server.Count);
            Assert.Equal("t3", e.Current.ThingName);
        }
        var all = await Items.All(client.SearchIndexAsync(request));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "t" + i), all.Select(d => d.ThingName));
        var lastThree = server.Requests.Skip(2).ToList();
        Assert.Equal(new string?[] { null, "p2", "p3" }, lastThree.Select(TokenOf)); // "" ended the listing
        Assert.All(server.Requests, r => Assert.Equal("thingName:t*", JsonDocument.Parse(r.Body).RootElement.GetProperty("queryString").GetString()));
        Assert.All(server.Requests, r => Assert.Equal(3, JsonDocument.Parse(r.Body).RootElement.GetProperty("maxResults").GetInt32()));
    }

    [Fact]
    public async Task ARepeatedNextToken_StopsWithInvalidResponse()
    {
        await using var server = ScriptedServer.Start(Reply.Ok(Page(0, 1, "same")));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*" })));
        Assert.Equal((ErrorCodes.InvalidResponse, "SearchIndex"), (ex.ErrorCode, ex.Operation));
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task AThingDocument_IsReadWhole()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{\"things\":[" + Document + "],\"thingGroups\":[{\"thingGroupName\":\"ignored\"}]}"));
        using var client = TestClients.For(server);
        var d = Assert.Single(await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "thingName:sensor-1" })));
        Assert.Equal(("sensor-1", "id-1", "sensor"), (d.ThingName, d.ThingId, d.ThingTypeName));
        Assert.Equal(new[] { "floor-1", "all" }, d.ThingGroupNames);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "red", ["n"] = "1" }, d.Attributes);
        Assert.Equal("{\"reported\":{\"fw\":\"1.2\"}}", d.Shadow);
        Assert.Equal("{\"violations\":[]}", d.DeviceDefender);
        Assert.False(d.Connectivity!.Connected);
        Assert.Equal(1733011200123L, d.Connectivity.Timestamp); // epoch milliseconds, as the model says
        Assert.Equal("CLIENT_INITIATED_DISCONNECT", d.Connectivity.DisconnectReason);
    }

    [Fact]
    public async Task EveryMemberIsOptional_AndWrongTypesReadAsAbsent()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("""{"things":[{},{"thingName":7,"shadow":{"not":"a string"},"connectivity":{"connected":"true","timestamp":"12"}},{"connectivity":[]}]}"""));
        using var client = TestClients.For(server);
        var docs = await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*" }));
        Assert.Equal(3, docs.Count);
        var empty = docs[0];
        Assert.True(empty.ThingName == null && empty.ThingId == null && empty.ThingTypeName == null && empty.ThingGroupNames == null &&
                    empty.Attributes == null && empty.Shadow == null && empty.DeviceDefender == null && empty.Connectivity == null);
        Assert.Equal("7", docs[1].ThingName);
        Assert.Null(docs[1].Shadow);
        Assert.Equal((true, 12L), (docs[1].Connectivity!.Connected!.Value, docs[1].Connectivity!.Timestamp!.Value));
        Assert.Null(docs[2].Connectivity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task APageSizeOutside1To100_IsRefusedBeforeSending(int size)
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*", PageSize = size }));
        Assert.Equal("PageSize", ex.ParamName);
        Assert.Contains("1 to 100", ex.Message);
        Assert.Equal(0, server.Count);
        await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*", PageSize = 100 }));
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task AMissingQueryString_IsRefusedNamingIt()
    {
        await using var server = ScriptedServer.Start(Reply.Ok("{}"));
        using var client = TestClients.For(server);
        var ex = Assert.Throws<ArgumentException>(() => client.SearchIndexAsync(new SearchIndexRequest { QueryString = "" }));
        Assert.Equal("QueryString", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => client.SearchIndexAsync(null!));
        Assert.Equal(0, server.Count);
    }

    [Theory]
    [InlineData(400, "InvalidQueryException", 1)]
    [InlineData(400, "IndexNotReadyException", 1)]
    [InlineData(404, "ResourceNotFoundException", 1)]
    [InlineData(400, "ThrottlingException", 3)] // HTTP 400, retried by its code
    [InlineData(503, "ServiceUnavailableException", 3)]
    public async Task ErrorsAreIoTServiceExceptions_RetriedAsAnyOther(int status, string code, int attempts)
    {
        await using var server = ScriptedServer.Start(Reply.Error(status, code, "no search for you"));
        using var client = TestClients.For(server);
        var ex = await Assert.ThrowsAsync<IoTServiceException>(() => Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "bad:(" })));
        Assert.Equal((code, status, attempts, "SearchIndex"), (ex.ErrorCode, ex.StatusCode, ex.Attempts, ex.Operation));
        Assert.Contains("no search for you", ex.Message);
        Assert.Equal(attempts, server.Count);
    }

    [Fact]
    public async Task AdaptiveMode_PacesSearchIndexUnderItsOwnName()
    {
        await using var server = ScriptedServer.Start((req, i) => i == 0 ? Reply.Error(400, "ThrottlingException", "slow") : Reply.Ok("{\"things\":[]}"));
        using var client = TestClients.For(server, o => o.RetryMode = RetryModes.Adaptive);
        await Items.All(client.SearchIndexAsync(new SearchIndexRequest { QueryString = "*" }));
        var limiter = client.GetRateLimiter("SearchIndex")!;
        Assert.True(limiter.Enabled);
        Assert.Equal(1, limiter.ThrottleCount);
        Assert.False(client.GetRateLimiter("ListThings")!.Enabled);
    }
}
