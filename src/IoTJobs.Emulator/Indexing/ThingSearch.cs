using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// SearchIndex over the AWS_Things index: checks the request, parses the query, matches every thing under the
/// indexing configuration and returns one page in thingName order. Paging uses the emulator's opaque name tokens
/// (<see cref="PageToken.EncodeName"/>), bound to the index and the exact query string.
/// </summary>
internal static class ThingSearch
{
    public const string ThingIndexName = "AWS_Things";
    public const string ThingGroupIndexName = "AWS_ThingGroups";

    /// <summary>The API reference: "This maximum number cannot exceed 100."</summary>
    public const int MaxResultsLimit = 100;

    /// <summary>AWS documents no default page size; this emulator returns the maximum.</summary>
    public const int DefaultMaxResults = MaxResultsLimit;

    private const string Operation = "SearchIndex";

    public static SearchResult Search(SearchRequest request, ThingIndexingConfiguration configuration,
        IEnumerable<ThingDocument> things, PageToken tokens)
    {
        string index = request.IndexName ?? ThingIndexName;
        if (index == ThingGroupIndexName)
            return SearchResult.Failure(SearchErrorKind.IndexNotFound,
                $"Index {index} does not exist. Please enable index by calling UpdateIndexingConfiguration (this emulator does not model thing group indexing).");
        if (index != ThingIndexName)
            return SearchResult.Failure(SearchErrorKind.IndexNotFound,
                $"Index {index} does not exist: the indexes are {ThingIndexName} and {ThingGroupIndexName}.");
        // The message AWS answers while thing indexing is OFF (seen in the wild as ResourceNotFoundException, 404).
        if (!configuration.IndexExists)
            return SearchResult.Failure(SearchErrorKind.IndexNotFound,
                $"Index {ThingIndexName} does not exist. Please enable index by calling UpdateIndexingConfiguration");

        int max = request.MaxResults ?? DefaultMaxResults;
        if (max is < 1 or > MaxResultsLimit)
            return SearchResult.Failure(SearchErrorKind.InvalidRequest,
                $"maxResults {max} is not valid: it must be between 1 and {MaxResultsLimit}.");
        if (string.IsNullOrEmpty(request.QueryString))
            return SearchResult.Failure(SearchErrorKind.InvalidRequest,
                "queryString is required and must be at least 1 character long, for example thingName:*.");

        FleetQuery query;
        try
        {
            query = FleetQuery.Parse(request.QueryString);
        }
        catch (QueryParseException ex)
        {
            return SearchResult.Failure(SearchErrorKind.InvalidQuery, ex.Message);
        }

        string filter = index + "\n" + request.QueryString;
        string? after;
        try
        {
            after = tokens.DecodeName(Operation, filter, request.NextToken);
        }
        catch (EmulatorApiException ex) when (ex.ErrorCode == "InvalidRequestException")
        {
            return SearchResult.Failure(SearchErrorKind.InvalidRequest, ex.Message);
        }

        var (page, nextAfter) = Page(query, configuration, things, max, after);
        return SearchResult.Success(new SearchPage(page, nextAfter is null ? null : tokens.EncodeName(Operation, filter, nextAfter)));
    }

    /// <summary>
    /// The matches after <paramref name="afterThingName"/> (ordinal order), at most <paramref name="max"/>, and the
    /// name to continue after when more remain.
    /// </summary>
    public static (IReadOnlyList<ThingDocument> Things, string? NextAfterName) Page(FleetQuery query,
        ThingIndexingConfiguration configuration, IEnumerable<ThingDocument> things, int max, string? afterThingName)
    {
        var matches = things
            .Where(t => afterThingName is null || string.CompareOrdinal(t.ThingName, afterThingName) > 0)
            .Where(t => query.Matches(IndexedThing.Build(t, configuration)))
            .OrderBy(t => t.ThingName, StringComparer.Ordinal)
            .Take(max + 1)
            .ToList();
        if (matches.Count <= max) return (matches, null);
        matches.RemoveAt(max);
        return (matches, matches[^1].ThingName);
    }
}
