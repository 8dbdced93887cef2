namespace IoTJobs.Emulator.Indexing;

/// <summary>A query string that is malformed, uses unsupported syntax or is over a limit (400 InvalidQueryException).</summary>
public sealed class QueryParseException : Exception
{
    public QueryParseException(string message, int position) : base(message) => Position = position;

    /// <summary>The 1-based character position the message names (0 when it is about the whole query).</summary>
    public int Position { get; }
}
