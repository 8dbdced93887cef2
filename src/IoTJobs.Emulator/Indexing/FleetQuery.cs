namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// A thing query string, parsed and checked against AWS's limits: at most twelve terms, and at most one term with a
/// leading wildcard, in which case the whole query may be at most 100 characters long.
/// </summary>
public sealed class FleetQuery
{
    public const int MaxTerms = 12;
    public const int MaxLengthWithLeadingWildcard = 100;

    private FleetQuery(string queryString, QueryNode root, int termCount) => (QueryString, Root, TermCount) = (queryString, root, termCount);

    public string QueryString { get; }

    /// <summary>
    /// What counts toward <see cref="MaxTerms"/>: each word (wildcards or not), quoted phrase, range, comparison and
    /// '*', whether it names its field or takes it from a field group; AND, OR, NOT, '-', '+', parentheses and field
    /// names do not count.
    /// </summary>
    public int TermCount { get; }

    internal QueryNode Root { get; }

    /// <summary>Parses <paramref name="queryString"/>; throws <see cref="QueryParseException"/> when it is not a valid query.</summary>
    public static FleetQuery Parse(string queryString)
    {
        var root = QueryParser.Parse(queryString);
        var terms = new List<TermNode>();
        Collect(root, terms);
        if (terms.Count > MaxTerms)
            throw new QueryParseException($"The query has {terms.Count} terms; the maximum is {MaxTerms} (each word, quoted phrase, range, comparison and '*' counts once; AND, OR, NOT, '-', parentheses and field names do not).", 0);

        var leading = terms.OfType<WordQuery>().Where(w => w.Value.StartsWithWildcard && !w.Value.IsMatchAll).ToList();
        if (leading.Count > 1)
            throw new QueryParseException($"Only one term may start with a wildcard, but '{leading[0]}' (position {leading[0].Position}) and '{leading[1]}' (position {leading[1].Position}) both do.", leading[1].Position);
        if (leading.Count == 1 && queryString.Length > MaxLengthWithLeadingWildcard)
            throw new QueryParseException($"A query with a leading wildcard ('{leading[0]}' at position {leading[0].Position}) can be at most {MaxLengthWithLeadingWildcard} characters long; this one has {queryString.Length}.", 0);
        return new FleetQuery(queryString, root, terms.Count);
    }

    /// <summary>The canonical form: every operator explicit and parenthesized, values lower-cased.</summary>
    public override string ToString() => Root.ToString();

    internal bool Matches(IndexedThing thing) => Root.Matches(thing);

    private static void Collect(QueryNode node, List<TermNode> terms)
    {
        switch (node)
        {
            case TermNode term:
                terms.Add(term);
                break;
            case NotQuery not:
                Collect(not.Inner, terms);
                break;
            case AndQuery and:
                foreach (var c in and.Clauses) Collect(c, terms);
                break;
            case OrQuery or:
                foreach (var c in or.Clauses) Collect(c, terms);
                break;
        }
    }
}
