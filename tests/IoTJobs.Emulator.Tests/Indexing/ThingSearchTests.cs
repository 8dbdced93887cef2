using System.Text;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Indexing;
using static IoTJobs.Emulator.Tests.Indexing.Fleet;

namespace IoTJobs.Emulator.Tests.Indexing;

/// <summary>SearchIndex as the handler calls it: request checks, the index switch, errors and paging with tokens.</summary>
public sealed class ThingSearchTests
{
    private readonly PageToken _tokens = new();

    private SearchResult Search(string? query, int? maxResults = null, string? nextToken = null, string? indexName = null,
        ThingIndexingConfiguration? configuration = null, IEnumerable<ThingDocument>? things = null) =>
        ThingSearch.Search(new SearchRequest(query, indexName, maxResults, nextToken), configuration ?? Everything, things ?? All, _tokens);

    private static SearchPage Ok(SearchResult r)
    {
        Assert.Null(r.Error);
        return r.Page!;
    }

    private static SearchError Failed(SearchResult r, SearchErrorKind kind, string code, int status)
    {
        Assert.Null(r.Page);
        var e = r.Error!;
        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(status, e.StatusCode);
        return e;
    }

    private static string[] Names(SearchPage page) => page.Things.Select(t => t.ThingName).ToArray();

    [Fact]
    public void Pages_follow_thing_name_order_and_the_last_page_has_no_token()
    {
        var first = Ok(Search("thingName:*", maxResults: 2));
        Assert.Equal(new[] { "Gateway-5", "sensor-3" }, Names(first));
        Assert.NotNull(first.NextToken);

        var second = Ok(Search("thingName:*", maxResults: 2, nextToken: first.NextToken));
        Assert.Equal(new[] { "sensor-4", "tv-lg-1" }, Names(second));

        var third = Ok(Search("thingName:*", maxResults: 2, nextToken: second.NextToken));
        Assert.Equal(new[] { "tv-plasma-2" }, Names(third));
        Assert.Null(third.NextToken);

        // A page that ends exactly at the last match has no token either; the page size may change between pages.
        var exact = Ok(Search("thingName:tv*", maxResults: 2));
        Assert.Equal(new[] { "tv-lg-1", "tv-plasma-2" }, Names(exact));
        Assert.Null(exact.NextToken);
        Assert.Equal(new[] { "sensor-4", "tv-lg-1", "tv-plasma-2" }, Names(Ok(Search("thingName:*", maxResults: 100, nextToken: first.NextToken))));
    }

    [Fact]
    public void Without_maxResults_a_page_holds_up_to_100_things()
    {
        var many = Enumerable.Range(0, 150).Select(i => new ThingDocument { ThingName = $"dev-{i:D3}" }).ToList();
        var page = Ok(Search("thingName:dev-*", things: many));
        Assert.Equal(100, page.Things.Count);
        Assert.Equal("dev-099", page.Things[^1].ThingName);
        var rest = Ok(Search("thingName:dev-*", nextToken: page.NextToken, things: many));
        Assert.Equal(50, rest.Things.Count);
        Assert.Equal("dev-100", rest.Things[0].ThingName);
        Assert.Null(rest.NextToken);
        var hundred = Ok(Search("dev-*", maxResults: 100, things: many.Take(100)));
        Assert.Equal(100, hundred.Things.Count);
        Assert.Null(hundred.NextToken);
    }

    [Fact]
    public void A_token_continues_after_the_last_name_even_when_things_change_between_pages()
    {
        var things = All.ToList();
        var first = Ok(Search("*", maxResults: 2, things: things));
        things.Add(new ThingDocument { ThingName = "alpha" });   // sorts before the last name returned: not seen
        things.Add(new ThingDocument { ThingName = "sensor-35" }); // after it: seen
        things.Remove(Sensor4);
        var second = Ok(Search("*", maxResults: 10, nextToken: first.NextToken, things: things));
        Assert.Equal(new[] { "sensor-35", "tv-lg-1", "tv-plasma-2" }, Names(second));
    }

    [Theory]
    [InlineData("thingName:tv*")]      // another query
    [InlineData("thingName:*  ")]      // the same query written differently is another query
    public void A_token_from_another_query_is_refused(string otherQuery)
    {
        var first = Ok(Search("thingName:*", maxResults: 1));
        var e = Failed(Search(otherQuery, maxResults: 1, nextToken: first.NextToken), SearchErrorKind.InvalidRequest, "InvalidRequestException", 400);
        Assert.Equal("The nextToken is not valid: pass back a nextToken from a previous response of the same call with the same filters.", e.Message);
    }

    [Fact]
    public void A_made_up_altered_or_foreign_token_is_refused()
    {
        var token = Ok(Search("*", maxResults: 1)).NextToken!;
        string made = Convert.ToBase64String(Encoding.UTF8.GetBytes("SearchIndex|nc2Vuc29y|abc|0000"));
        string altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        string foreign = ThingSearch.Search(new SearchRequest("*", MaxResults: 1), Everything, All, new PageToken()).Page!.NextToken!;
        foreach (string bad in new[] { "garbage", made, altered, foreign })
            Failed(Search("*", maxResults: 1, nextToken: bad), SearchErrorKind.InvalidRequest, "InvalidRequestException", 400);
        Assert.Equal(new[] { "sensor-3" }, Names(Ok(Search("*", maxResults: 1, nextToken: token))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void MaxResults_must_be_between_1_and_100(int max)
    {
        var e = Failed(Search("*", maxResults: max), SearchErrorKind.InvalidRequest, "InvalidRequestException", 400);
        Assert.Equal($"maxResults {max} is not valid: it must be between 1 and 100.", e.Message);
        Assert.Single(Ok(Search("*", maxResults: 1)).Things);
        Assert.Equal(5, Ok(Search("*", maxResults: 100)).Things.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_query_string_is_an_invalid_request(string? query)
    {
        var e = Failed(Search(query), SearchErrorKind.InvalidRequest, "InvalidRequestException", 400);
        Assert.Equal("queryString is required and must be at least 1 character long, for example thingName:*.", e.Message);
    }

    [Theory]
    [InlineData(" ", "The query string has no terms: give at least one, for example thingName:*.")]
    [InlineData("thingGroupName:g", "Invalid field name 'thingGroupName' at position 1.")]
    [InlineData("thingName:a@b", "Unsupported character '@' at position 12:")]
    [InlineData("thingName:(a", "The '(' at position 11 has no matching ')'.")]
    public void Query_errors_are_invalid_query_exceptions(string query, string messageStart)
    {
        var e = Failed(Search(query), SearchErrorKind.InvalidQuery, "InvalidQueryException", 400);
        Assert.StartsWith(messageStart, e.Message);
    }

    [Fact]
    public void With_thing_indexing_off_AWS_Things_does_not_exist()
    {
        var e = Failed(Search("thingName:*", configuration: ThingIndexingConfiguration.Off), SearchErrorKind.IndexNotFound, "ResourceNotFoundException", 404);
        Assert.Equal("Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration", e.Message);
        // The index is checked first: a bad query or page size against a missing index still says it is missing.
        Failed(Search("thingName:(", maxResults: 500, configuration: new ThingIndexingConfiguration(ThingIndexingMode.Off, ThingConnectivityIndexingMode.Status)),
            SearchErrorKind.IndexNotFound, "ResourceNotFoundException", 404);
        Assert.Equal(5, Ok(Search("thingName:*", indexName: "AWS_Things")).Things.Count);
    }

    [Theory]
    [InlineData("AWS_ThingGroups", "Index AWS_ThingGroups does not exist. Please enable index by calling UpdateIndexingConfiguration (this emulator does not model thing group indexing).")]
    [InlineData("my_index", "Index my_index does not exist: the indexes are AWS_Things and AWS_ThingGroups.")]
    [InlineData("aws_things", "Index aws_things does not exist: the indexes are AWS_Things and AWS_ThingGroups.")]
    public void Other_indexes_do_not_exist(string indexName, string message)
    {
        var e = Failed(Search("*", indexName: indexName), SearchErrorKind.IndexNotFound, "ResourceNotFoundException", 404);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Results_are_the_documents_themselves()
    {
        var page = Ok(Search("thingName:tv-lg-1"));
        Assert.Same(TvLg, Assert.Single(page.Things));
    }

    [Theory]
    [InlineData("OFF", null, ThingIndexingMode.Off, ThingConnectivityIndexingMode.Off)]
    [InlineData("REGISTRY", "OFF", ThingIndexingMode.Registry, ThingConnectivityIndexingMode.Off)]
    [InlineData("REGISTRY_AND_SHADOW", "STATUS", ThingIndexingMode.RegistryAndShadow, ThingConnectivityIndexingMode.Status)]
    public void Indexing_configuration_reads_the_wire_names(string mode, string? connectivity, ThingIndexingMode m, ThingConnectivityIndexingMode c)
    {
        Assert.True(ThingIndexingConfiguration.TryParse(mode, connectivity, out var config, out string? error));
        Assert.Null(error);
        Assert.Equal(new ThingIndexingConfiguration(m, c), config);
        Assert.Equal(mode, config.ThingIndexingModeName);
        Assert.Equal(connectivity ?? "OFF", config.ThingConnectivityIndexingModeName);
    }

    [Theory]
    [InlineData("registry", null, "thingIndexingMode 'registry' is not valid: use OFF, REGISTRY or REGISTRY_AND_SHADOW.")]
    [InlineData(null, null, "thingIndexingMode '' is not valid: use OFF, REGISTRY or REGISTRY_AND_SHADOW.")]
    [InlineData("REGISTRY", "ON", "thingConnectivityIndexingMode 'ON' is not valid: use OFF or STATUS.")]
    public void Indexing_configuration_refuses_other_names(string? mode, string? connectivity, string message)
    {
        Assert.False(ThingIndexingConfiguration.TryParse(mode, connectivity, out var config, out string? error));
        Assert.Equal(message, error);
        Assert.Equal(ThingIndexingConfiguration.Off, config);
    }

    [Fact]
    public void Connectivity_is_indexed_only_with_thing_indexing_on()
    {
        Assert.False(new ThingIndexingConfiguration(ThingIndexingMode.Off, ThingConnectivityIndexingMode.Status).IndexesConnectivity);
        Assert.True(new ThingIndexingConfiguration(ThingIndexingMode.Registry, ThingConnectivityIndexingMode.Status).IndexesConnectivity);
        Assert.False(new ThingIndexingConfiguration(ThingIndexingMode.Registry).IndexesShadow);
        Assert.True(Everything.IndexesShadow);
    }
}
