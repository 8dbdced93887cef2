using System.Text;

namespace IoTJobs.Emulator.Indexing;

internal enum TokenKind
{
    Term,
    Quoted,
    And,
    Or,
    Not,
    Plus,
    Minus,
    LeftParen,
    RightParen,
    Colon,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    RangeStart,
    RangeEnd,
    To,
    End,
}

/// <summary>
/// One token. Text has escapes removed; Wildcards marks the unescaped '*' and '?' of a term; Position is 1-based;
/// Inclusive tells '[' from '{' and ']' from '}'.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, int Position, bool[]? Wildcards = null, bool Inclusive = false)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the query",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits a query string into tokens the way Lucene's StandardSyntaxParser lexer does (the syntax AWS's fleet
/// indexing is modelled on), after refusing the characters AWS's "Query syntax" page lists as unsupported.
/// </summary>
internal sealed class QueryLexer
{
    // AWS: "Special characters: `, @, #, %, \, /, ', ;, and ," are not supported; '\' still escapes ("Escaping
    // special characters (such as with \)"), so only a backslash that is itself the escaped character is refused.
    private const string Unsupported = "`@#%\\/';,";

    // Lucene's term characters exclude these (a term may still contain '+' and '-' after its first character).
    private const string NotInTerm = "+-!():^<>=[]\"{}~";

    private readonly string _query;
    private int _i;

    private QueryLexer(string query) => _query = query;

    public static List<Token> Tokenize(string query)
    {
        CheckCharacters(query);
        var lexer = new QueryLexer(query);
        var tokens = new List<Token>();
        bool inRange = false;
        while (true)
        {
            var token = inRange ? lexer.NextInRange() : lexer.Next(tokens.Count > 0 ? tokens[^1] : null);
            tokens.Add(token);
            if (token.Kind == TokenKind.End) return tokens;
            if (token.Kind == TokenKind.RangeStart) inRange = true;
            if (token.Kind == TokenKind.RangeEnd) inRange = false;
        }
    }

    private static void CheckCharacters(string query)
    {
        for (int i = 0; i < query.Length; i++)
        {
            char c = query[i];
            if (c == '\\')
            {
                if (i + 1 == query.Length)
                    throw new QueryParseException($"The '\\' at position {i + 1} escapes nothing: put the character to escape after it.", i + 1);
                i++;
                c = query[i];
                if (c == '\\')
                    throw new QueryParseException($"Unsupported character '\\' at position {i + 1}: a backslash can escape a character but cannot be searched for.", i + 1);
            }
            if (c == '/')
                throw new QueryParseException($"Unsupported character '/' at position {i + 1}: regular expressions are not supported.", i + 1);
            if (Unsupported.Contains(c))
                throw new QueryParseException($"Unsupported character '{c}' at position {i + 1}: the query syntax does not support ` @ # % \\ / ' ; or , (escaping does not help).", i + 1);
        }
    }

    private Token Next(Token? previous)
    {
        SkipWhitespace();
        int pos = _i + 1;
        if (_i == _query.Length) return new Token(TokenKind.End, "", pos);
        char c = _query[_i];
        switch (c)
        {
            case '(': _i++; return new Token(TokenKind.LeftParen, "(", pos);
            case ')': _i++; return new Token(TokenKind.RightParen, ")", pos);
            case ':': _i++; return new Token(TokenKind.Colon, ":", pos);
            case '=': _i++; return new Token(TokenKind.Colon, "=", pos);
            case '+': _i++; return new Token(TokenKind.Plus, "+", pos);
            case '-': _i++; return new Token(TokenKind.Minus, "-", pos);
            case '!': _i++; return new Token(TokenKind.Not, "!", pos);
            case '<': return Comparison(pos, TokenKind.Less, TokenKind.LessOrEqual);
            case '>': return Comparison(pos, TokenKind.Greater, TokenKind.GreaterOrEqual);
            case '[' or '{': _i++; return new Token(TokenKind.RangeStart, c.ToString(), pos, Inclusive: c == '[');
            case ']' or '}':
                throw new QueryParseException($"Unexpected '{c}' at position {pos}: a range is written [a TO b], {{a TO b}}, [a TO b}} or {{a TO b].", pos);
            case '^':
                throw new QueryParseException($"Boosting ('^' at position {pos}) is not supported.", pos);
            case '~':
                throw new QueryParseException(previous?.Kind == TokenKind.Quoted
                    ? $"Proximity search ('~' at position {pos}) is not supported."
                    : $"Fuzzy search ('~' at position {pos}) is not supported.", pos);
            case '"': return Quoted(pos);
        }
        return Term(pos);
    }

    private Token Comparison(int pos, TokenKind strict, TokenKind orEqual)
    {
        char op = _query[_i++];
        if (_i < _query.Length && _query[_i] == '=')
        {
            _i++;
            return new Token(orEqual, op + "=", pos);
        }
        return new Token(strict, op.ToString(), pos);
    }

    private Token Quoted(int pos)
    {
        var sb = new StringBuilder();
        _i++;
        while (_i < _query.Length && _query[_i] != '"')
        {
            if (_query[_i] == '\\') _i++;
            sb.Append(_query[_i++]);
        }
        if (_i == _query.Length)
            throw new QueryParseException($"The quoted value that starts at position {pos} has no closing '\"'.", pos);
        _i++;
        return new Token(TokenKind.Quoted, sb.ToString(), pos);
    }

    private Token Term(int pos)
    {
        var text = new StringBuilder();
        var wildcards = new List<bool>();
        bool escaped = false;
        while (_i < _query.Length)
        {
            char c = _query[_i];
            if (IndexText.IsWhitespace(c)) break;
            if (c == '\\')
            {
                escaped = true;
                text.Append(_query[_i + 1]);
                wildcards.Add(false);
                _i += 2;
                continue;
            }
            bool first = text.Length == 0;
            if (NotInTerm.Contains(c) && !(!first && c is '+' or '-')) break;
            text.Append(c);
            wildcards.Add(c is '*' or '?');
            _i++;
        }
        string t = text.ToString();
        if (!escaped)
        {
            if (t is "AND" or "&&") return new Token(TokenKind.And, t, pos);
            if (t is "OR" or "||") return new Token(TokenKind.Or, t, pos);
            if (t == "NOT") return new Token(TokenKind.Not, t, pos);
        }
        return new Token(TokenKind.Term, t, pos, wildcards.ToArray());
    }

    // Inside [ ] or { }: the bounds, TO, quoted bounds and the closing bracket (Lucene's Range lexer state).
    private Token NextInRange()
    {
        SkipWhitespace();
        int pos = _i + 1;
        if (_i == _query.Length) return new Token(TokenKind.End, "", pos);
        char c = _query[_i];
        if (c is ']' or '}')
        {
            _i++;
            return new Token(TokenKind.RangeEnd, c.ToString(), pos, Inclusive: c == ']');
        }
        if (c == '"')
        {
            var quoted = Quoted(pos);
            return quoted with { Wildcards = new bool[quoted.Text.Length] };
        }
        var sb = new StringBuilder();
        while (_i < _query.Length && !IndexText.IsWhitespace(_query[_i]) && _query[_i] is not (']' or '}'))
        {
            if (_query[_i] == '\\') _i++;
            sb.Append(_query[_i++]);
        }
        string goop = sb.ToString();
        return goop == "TO" ? new Token(TokenKind.To, goop, pos) : new Token(TokenKind.Term, goop, pos, new bool[goop.Length]);
    }

    private void SkipWhitespace()
    {
        while (_i < _query.Length && IndexText.IsWhitespace(_query[_i])) _i++;
    }
}
