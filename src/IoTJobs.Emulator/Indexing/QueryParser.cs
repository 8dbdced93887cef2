namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// Recursive descent over Lucene StandardSyntaxParser's grammar, the AWS fleet-indexing subset of it:
/// <code>
/// Query  := Disj+                       (juxtaposed clauses: the default operator, AND)
/// Disj   := Conj ('OR' Conj)*
/// Conj   := Mod ('AND' Mod)*
/// Mod    := ('+' | '-' | 'NOT')? Clause
/// Clause := Field ('&lt;' | '&lt;=' | '&gt;' | '&gt;=') Value | Field (':' | '=') (Value | Group) | Value | Group
/// Value  := Word | "Phrase" | [a TO b] (either bracket either end) | comparison inside a field's group
/// Group  := '(' Query ')'
/// </code>
/// </summary>
internal sealed class QueryParser
{
    /// <summary>How deep parentheses may nest; AWS documents no limit, and a deeper query would only exhaust the stack.</summary>
    public const int MaxNesting = 32;

    private readonly List<Token> _tokens;
    private int _p;
    private int _depth;

    private QueryParser(List<Token> tokens) => _tokens = tokens;

    private Token Peek => _tokens[_p];
    private Token PeekNext => _tokens[Math.Min(_p + 1, _tokens.Count - 1)];
    private Token Take() => _tokens[_p++];

    public static QueryNode Parse(string query)
    {
        if (query.All(IndexText.IsWhitespace))
            throw new QueryParseException("The query string has no terms: give at least one, for example thingName:*.", 0);
        var parser = new QueryParser(QueryLexer.Tokenize(query));
        var root = parser.Query(null);
        if (parser.Peek.Kind != TokenKind.End) throw Unexpected(parser.Peek);
        return root;
    }

    private QueryNode Query(string? field)
    {
        var clauses = new List<QueryNode>();
        do clauses.Add(Disjunction(field));
        while (Peek.Kind is TokenKind.Term or TokenKind.Quoted or TokenKind.LeftParen or TokenKind.RangeStart
            or TokenKind.Plus or TokenKind.Minus or TokenKind.Not);
        return Combine(clauses, c => new AndQuery(c));
    }

    private QueryNode Disjunction(string? field)
    {
        var clauses = new List<QueryNode> { Conjunction(field) };
        while (Peek.Kind == TokenKind.Or) clauses.Add(Conjunction(field, Take()));
        return Combine(clauses, c => new OrQuery(c));
    }

    private QueryNode Conjunction(string? field, Token? after = null)
    {
        var clauses = new List<QueryNode> { Modified(field, after) };
        while (Peek.Kind == TokenKind.And) clauses.Add(Modified(field, Take()));
        return Combine(clauses, c => new AndQuery(c));
    }

    private QueryNode Modified(string? field, Token? after)
    {
        switch (Peek.Kind)
        {
            case TokenKind.Plus:
                return Clause(field, Take());
            case TokenKind.Minus or TokenKind.Not:
                return new NotQuery(Clause(field, Take()));
            default:
                return Clause(field, after);
        }
    }

    private QueryNode Clause(string? field, Token? after)
    {
        var t = Peek;
        if (t.Kind == TokenKind.Term && IsComparison(PeekNext.Kind))
        {
            Take();
            FieldName(t);
            return Comparison(t.Text, t.Position);
        }
        if (t.Kind == TokenKind.Term && PeekNext.Kind == TokenKind.Colon)
        {
            Take();
            var colon = Take();
            if (t.Text == "*" && t.Wildcards![0] && Peek is { Kind: TokenKind.Term, Text: "*" } value && value.Wildcards![0])
            {
                Take();
                return new MatchAllQuery(t.Position); // Lucene's *:*
            }
            FieldName(t);
            return Peek.Kind == TokenKind.LeftParen ? Group(t.Text) : Value(t.Text, colon, t.Position);
        }
        return t.Kind == TokenKind.LeftParen ? Group(field) : Value(field, after, null);
    }

    private void FieldName(Token t)
    {
        if (t.Wildcards!.Any(w => w))
            throw new QueryParseException($"Invalid field name '{t.Text}' at position {t.Position}: a field name cannot hold a wildcard.", t.Position);
        QueryFieldNames.Check(t.Text, t.Position);
    }

    private QueryNode Group(string? field)
    {
        var open = Take();
        if (++_depth > MaxNesting)
            throw new QueryParseException($"The '(' at position {open.Position} nests parentheses more than {MaxNesting} deep.", open.Position);
        if (Peek.Kind == TokenKind.RightParen)
            throw new QueryParseException($"The parentheses at position {open.Position} hold nothing: put at least one term inside.", open.Position);
        var inner = Query(field);
        if (Peek.Kind == TokenKind.End)
            throw new QueryParseException($"The '(' at position {open.Position} has no matching ')'.", open.Position);
        if (Peek.Kind != TokenKind.RightParen) throw Unexpected(Peek);
        Take();
        _depth--;
        return inner;
    }

    private QueryNode Value(string? field, Token? after, int? fieldPosition)
    {
        var t = Peek;
        int position = fieldPosition ?? t.Position;
        switch (t.Kind)
        {
            case TokenKind.Term:
                Take();
                if (field is null && t.Text == "*" && t.Wildcards![0]) return new MatchAllQuery(position);
                return new WordQuery(field, new ValuePattern(IndexText.Fold(t.Text), t.Wildcards!), position);
            case TokenKind.Quoted:
                Take();
                var words = IndexText.Words(IndexText.Fold(t.Text));
                if (words.Length == 0)
                    throw new QueryParseException($"The quoted value at position {t.Position} is empty: put a word or phrase inside the quotes.", t.Position);
                return words.Length == 1
                    ? new WordQuery(field, ValuePattern.Literal(words[0]), position)
                    : new PhraseQuery(field, words, position);
            case TokenKind.RangeStart:
                return Range(field, position);
            case var k when IsComparison(k):
                if (field is null)
                    throw new QueryParseException($"The comparison '{t.Text}' at position {t.Position} needs a field before it, as in attributes.size{t.Text}5.", t.Position);
                return Comparison(field, position);
            default:
                string where = after is null ? "" : $" after {after.Describe()} (position {after.Position})";
                throw new QueryParseException($"Expected a term{where} but found {t.Describe()} at position {t.Position}.", t.Position);
        }
    }

    private QueryNode Range(string? field, int position)
    {
        var open = Take();
        var lower = Bound(open);
        Expect(TokenKind.To, open, "'TO'");
        var upper = Bound(open);
        var close = Expect(TokenKind.RangeEnd, open, "']' or '}'");
        return new RangeQuery(field, lower is null ? null : new RangeBound(lower, open.Inclusive),
            upper is null ? null : new RangeBound(upper, close.Inclusive), position);
    }

    // A bound's text, or null for an open end ('*').
    private string? Bound(Token open)
    {
        var t = Peek;
        // Lucene accepts TO as a bound too ([TO TO TO]).
        if (t.Kind is not (TokenKind.Term or TokenKind.Quoted or TokenKind.To))
            throw RangeError(open, "a bound", t);
        Take();
        return t.Kind == TokenKind.Term && t.Text == "*" ? null : IndexText.Fold(t.Text);
    }

    private Token Expect(TokenKind kind, Token open, string what)
    {
        if (Peek.Kind != kind) throw RangeError(open, what, Peek);
        return Take();
    }

    private static QueryParseException RangeError(Token open, string what, Token found) =>
        new($"The range that starts at position {open.Position} expected {what} but found {found.Describe()} at position {found.Position}; write it as [a TO b], {{a TO b}}, [a TO b}} or {{a TO b].", found.Position);

    private QueryNode Comparison(string field, int position)
    {
        var op = Take();
        var v = Peek;
        if (v.Kind is not (TokenKind.Term or TokenKind.Quoted))
            throw new QueryParseException($"Expected a value after '{op.Text}' (position {op.Position}) but found {v.Describe()} at position {v.Position}.", v.Position);
        Take();
        var bound = v.Kind == TokenKind.Term && v.Text == "*" ? null : IndexText.Fold(v.Text);
        RangeBound? Make(bool inclusive) => bound is null ? null : new RangeBound(bound, inclusive);
        return op.Kind switch
        {
            TokenKind.Less => new RangeQuery(field, null, Make(false), position),
            TokenKind.LessOrEqual => new RangeQuery(field, null, Make(true), position),
            TokenKind.Greater => new RangeQuery(field, Make(false), null, position),
            _ => new RangeQuery(field, Make(true), null, position),
        };
    }

    private static bool IsComparison(TokenKind kind) =>
        kind is TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual;

    private static QueryParseException Unexpected(Token t) => t.Kind == TokenKind.RightParen
        ? new($"Unexpected ')' at position {t.Position}: it closes no '('.", t.Position)
        : new($"Unexpected {t.Describe()} at position {t.Position}.", t.Position);

    // Nested clauses of the same operator are flattened: (a AND b) AND c is a AND b AND c.
    private static QueryNode Combine<T>(List<QueryNode> clauses, Func<IReadOnlyList<QueryNode>, T> make) where T : QueryNode
    {
        if (clauses.Count == 1) return clauses[0];
        var flat = clauses.SelectMany(c => c is T same ? Children(same) : new[] { c }).ToList();
        return make(flat);
    }

    private static IReadOnlyList<QueryNode> Children(QueryNode n) => n switch
    {
        AndQuery a => a.Clauses,
        OrQuery o => o.Clauses,
        _ => new[] { n },
    };
}
