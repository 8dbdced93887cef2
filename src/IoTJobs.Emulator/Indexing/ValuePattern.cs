using System.Text;

namespace IoTJobs.Emulator.Indexing;

/// <summary>
/// A term's value, lower-cased, in which an unescaped '*' matches any run of characters (none included) and an
/// unescaped '?' exactly one; escaped ones are literal. It is matched against one word of an indexed value.
/// </summary>
internal sealed class ValuePattern
{
    private readonly string _chars;
    private readonly bool[] _wildcard;

    public ValuePattern(string chars, bool[] wildcard)
    {
        if (chars.Length != wildcard.Length) throw new ArgumentException("One wildcard flag is needed per character.", nameof(wildcard));
        _chars = chars;
        _wildcard = wildcard;
    }

    public static ValuePattern Literal(string text) => new(text, new bool[text.Length]);

    /// <summary>The characters, wildcards included as '*' and '?'.</summary>
    public string Text => _chars;

    public bool HasWildcards => _wildcard.Any(w => w);

    /// <summary>Exactly one '*': the field exists (or, without a field, every thing).</summary>
    public bool IsMatchAll => _chars.Length == 1 && _wildcard[0] && _chars[0] == '*';

    public bool StartsWithWildcard => _wildcard.Length > 0 && _wildcard[0];

    public bool Matches(string word)
    {
        int p = 0, w = 0, starP = -1, starW = 0;
        while (w < word.Length)
        {
            if (p < _chars.Length && _wildcard[p] && _chars[p] == '*')
            {
                starP = p++;
                starW = w;
            }
            else if (p < _chars.Length && (_wildcard[p] ? _chars[p] == '?' : _chars[p] == word[w]))
            {
                p++;
                w++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                w = ++starW;
            }
            else
            {
                return false;
            }
        }
        while (p < _chars.Length && _wildcard[p] && _chars[p] == '*') p++;
        return p == _chars.Length;
    }

    /// <summary>The value in query syntax: literal '*', '?' and '\' escaped.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _chars.Length; i++)
        {
            if (!_wildcard[i] && _chars[i] is '*' or '?' or '\\') sb.Append('\\');
            sb.Append(_chars[i]);
        }
        return sb.ToString();
    }
}
