namespace IoTJobs.Emulator.Indexing;

/// <summary>The body of a SearchIndex request (botocore iot 2015-05-28 SearchIndexRequest); queryVersion is ignored.</summary>
public sealed record SearchRequest(string? QueryString, string? IndexName = null, int? MaxResults = null, string? NextToken = null);

/// <summary>One page of matches in thingName order; NextToken is null on the last page.</summary>
public sealed record SearchPage(IReadOnlyList<ThingDocument> Things, string? NextToken);

/// <summary>Why a search was refused; each kind is one of SearchIndex's modeled errors.</summary>
public enum SearchErrorKind
{
    /// <summary>400 InvalidQueryException: a malformed query, unsupported syntax or a query over a limit.</summary>
    InvalidQuery,

    /// <summary>400 InvalidRequestException: a bad maxResults, nextToken or missing queryString.</summary>
    InvalidRequest,

    /// <summary>404 ResourceNotFoundException: the index does not exist (for AWS_Things: thing indexing is OFF).</summary>
    IndexNotFound,
}

/// <summary>A refused search: the error code and HTTP status of SearchIndex's modeled error, and the message.</summary>
public sealed record SearchError(SearchErrorKind Kind, string Message)
{
    public string ErrorCode => Kind switch
    {
        SearchErrorKind.InvalidQuery => "InvalidQueryException",
        SearchErrorKind.InvalidRequest => "InvalidRequestException",
        _ => "ResourceNotFoundException",
    };

    public int StatusCode => Kind == SearchErrorKind.IndexNotFound ? 404 : 400;
}

/// <summary>Either a page or an error, never both.</summary>
public sealed record SearchResult
{
    private SearchResult(SearchPage? page, SearchError? error) => (Page, Error) = (page, error);

    public SearchPage? Page { get; }
    public SearchError? Error { get; }

    public static SearchResult Success(SearchPage page) => new(page, null);

    public static SearchResult Failure(SearchErrorKind kind, string message) => new(null, new SearchError(kind, message));
}
