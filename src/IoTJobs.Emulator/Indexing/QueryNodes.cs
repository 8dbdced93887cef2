namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// A parsed query. Operators are Boolean on each document (NOT x is every thing x does not match, alone or inside
/// OR), and ToString gives a canonical, fully parenthesized form.
/// </summary>
internal abstract record QueryNode
{
    public abstract bool Matches(IndexedThing thing);
}

/// <summary>A clause that counts as one term toward AWS's limit of twelve.</summary>
internal abstract record TermNode(string? Field, int Position) : QueryNode
{
    protected string FieldPrefix => Field is null ? "" : Field + ":";
}

internal sealed record AndQuery(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    public override bool Matches(IndexedThing thing) => Clauses.All(c => c.Matches(thing));

    public override string ToString() => "(" + string.Join(" AND ", Clauses) + ")";
}

internal sealed record OrQuery(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    public override bool Matches(IndexedThing thing) => Clauses.Any(c => c.Matches(thing));

    public override string ToString() => "(" + string.Join(" OR ", Clauses) + ")";
}

internal sealed record NotQuery(QueryNode Inner) : QueryNode
{
    public override bool Matches(IndexedThing thing) => !Inner.Matches(thing);

    public override string ToString() => "NOT " + Inner;
}

/// <summary>A lone '*' (or Lucene's '*:*'): every thing.</summary>
internal sealed record MatchAllQuery(int Position) : TermNode(null, Position)
{
    public override bool Matches(IndexedThing thing) => true;

    public override string ToString() => "*";
}

/// <summary>A word, possibly with wildcards; field:* means "the field has a value".</summary>
internal sealed record WordQuery(string? Field, ValuePattern Value, int Position) : TermNode(Field, Position)
{
    public override bool Matches(IndexedThing thing) => thing.Values(Field).Any(v => ValueMatching.Matches(Value, v));

    public override string ToString() => FieldPrefix + Value;
}

/// <summary>A quoted phrase of two or more words: they must follow each other in one value.</summary>
internal sealed record PhraseQuery(string? Field, IReadOnlyList<string> Words, int Position) : TermNode(Field, Position)
{
    public override bool Matches(IndexedThing thing) => thing.Values(Field).Any(v => ValueMatching.ContainsPhrase(v, Words));

    public override string ToString() => FieldPrefix + "\"" + string.Join(' ', Words) + "\"";
}

/// <summary>A range or comparison; a null bound is open.</summary>
internal sealed record RangeQuery(string? Field, RangeBound? Lower, RangeBound? Upper, int Position) : TermNode(Field, Position)
{
    public override bool Matches(IndexedThing thing) => thing.Values(Field).Any(v => ValueMatching.InRange(v, Lower, Upper));

    public override string ToString() =>
        FieldPrefix + (Lower is { Inclusive: true } or null ? "[" : "{") + (Lower?.Text ?? "*") + " TO " +
        (Upper?.Text ?? "*") + (Upper is { Inclusive: true } or null ? "]" : "}");
}

/// <summary>One end of a range: lower-cased text, its number when it is one, and whether it is included.</summary>
internal sealed record RangeBound(string Text, bool Inclusive)
{
    public double? Number { get; } = IndexText.TryParseNumber(Text, out double n) ? n : null;
}

/// <summary>How a query value meets an indexed value: numbers by value when both are numbers, otherwise by text.</summary>
internal static class ValueMatching
{
    public static bool Matches(ValuePattern pattern, IndexedValue value)
    {
        if (pattern.IsMatchAll) return true;
        if (!pattern.HasWildcards && value.Number is double n && IndexText.TryParseNumber(pattern.Text, out double q))
            return n == q;
        return value.Words.Any(pattern.Matches);
    }

    public static bool ContainsPhrase(IndexedValue value, IReadOnlyList<string> words)
    {
        for (int start = 0; start + words.Count <= value.Words.Length; start++)
        {
            int i = 0;
            while (i < words.Count && value.Words[start + i] == words[i]) i++;
            if (i == words.Count) return true;
        }
        return false;
    }

    public static bool InRange(IndexedValue value, RangeBound? lower, RangeBound? upper) =>
        value.Words.Any(word => Within(value.Number, word, lower, upper));

    private static bool Within(double? number, string word, RangeBound? lower, RangeBound? upper)
    {
        if (lower is not null)
        {
            int c = Compare(number, word, lower);
            if (c < 0 || (c == 0 && !lower.Inclusive)) return false;
        }
        if (upper is not null)
        {
            int c = Compare(number, word, upper);
            if (c > 0 || (c == 0 && !upper.Inclusive)) return false;
        }
        return true;
    }

    private static int Compare(double? number, string word, RangeBound bound) =>
        number is double n && bound.Number is double b ? n.CompareTo(b) : string.CompareOrdinal(word, bound.Text);
}
