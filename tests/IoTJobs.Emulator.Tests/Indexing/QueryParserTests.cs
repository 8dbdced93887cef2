using IoTJobs.Emulator.Indexing;
using static IoTJobs.Emulator.Tests.Indexing.Fleet;

namespace IoTJobs.Emulator.Tests.Indexing;

/// <summary>The structure the parser gives each syntax element, shown in canonical form.</summary>
public sealed class QueryParserTests
{
    [Theory]
    // The default operator is AND (the Query syntax page's own example).
    [InlineData("thingName:abc thingTypeName:xyz", "(thingName:abc AND thingTypeName:xyz)")]
    [InlineData("thingName:abc AND thingTypeName:xyz", "(thingName:abc AND thingTypeName:xyz)")]
    [InlineData("abc", "abc")]
    [InlineData("thingName:ab?", "thingName:ab?")]
    [InlineData("thingName:my*", "thingName:my*")]
    [InlineData("attributes.myAttribute:i*t", "attributes.myAttribute:i*t")]
    [InlineData("*", "*")]
    [InlineData("*:*", "*")]
    [InlineData("thingName:*", "thingName:*")]
    // Lucene's '=' between field and value, and white space around ':' as in the AWS connectivity examples.
    [InlineData("thingName=abc", "thingName:abc")]
    [InlineData("connectivity.timestamp : [1557651600000 TO 1557867600000]", "connectivity.timestamp:[1557651600000 TO 1557867600000]")]
    public void Terms_and_fields(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    // AND binds tighter than OR, and juxtaposition (the default AND) is loosest, as in Lucene's StandardSyntaxParser.
    [InlineData("a AND b OR c", "((a AND b) OR c)")]
    [InlineData("a OR b AND c", "(a OR (b AND c))")]
    [InlineData("a OR b c", "((a OR b) AND c)")]
    [InlineData("a b OR c", "(a AND (b OR c))")]
    [InlineData("a AND (b OR c)", "(a AND (b OR c))")]
    [InlineData("(a AND b) AND c d", "(a AND b AND c AND d)")]
    [InlineData("a && b || c", "((a AND b) OR c)")]
    [InlineData("+a +b", "(a AND b)")]
    // AND, OR and NOT are operators only in capitals.
    [InlineData("a and b", "(a AND and AND b)")]
    public void Operators_and_precedence(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    [InlineData("thingName:(tv* AND -plasma)", "(thingName:tv* AND NOT thingName:plasma)")]
    [InlineData("NOT attributes.model:legacy", "NOT attributes.model:legacy")]
    [InlineData("!attributes.model:legacy", "NOT attributes.model:legacy")]
    [InlineData("a -b", "(a AND NOT b)")]
    [InlineData("a - b", "(a AND NOT b)")]
    [InlineData("a OR NOT b", "(a OR NOT b)")]
    [InlineData("-(a OR b)", "NOT (a OR b)")]
    [InlineData("tv-plasma", "tv-plasma")]
    [InlineData("attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10",
        "(attributes.attr1:abc AND attributes.attr2:[* TO 5} AND NOT attributes.attr3:{10 TO *])")]
    public void Not_and_hyphen(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    [InlineData("thingName:(a OR b)", "(thingName:a OR thingName:b)")]
    [InlineData("thingName:(a OR thingTypeName:b)", "(thingName:a OR thingTypeName:b)")]
    [InlineData("thingName:((a OR b) AND c*)", "((thingName:a OR thingName:b) AND thingName:c*)")]
    [InlineData("attributes.size:(>5 AND <=10)", "(attributes.size:{5 TO *] AND attributes.size:[* TO 10])")]
    [InlineData("shadow.reported.location:(\"new york\" OR paris)", "(shadow.reported.location:\"new york\" OR shadow.reported.location:paris)")]
    public void Field_grouping(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    [InlineData("attributes.myAttribute:[75 TO 80]", "attributes.myAttribute:[75 TO 80]")]
    [InlineData("attributes.myAttribute:{75 TO 80]", "attributes.myAttribute:{75 TO 80]")]
    [InlineData("attributes.myAttribute:[75 TO 80}", "attributes.myAttribute:[75 TO 80}")]
    [InlineData("attributes.myAttribute:{75 TO 80}", "attributes.myAttribute:{75 TO 80}")]
    [InlineData("attributes.serialNumber:[\"ABCD\" TO \"abcf\"]", "attributes.serialNumber:[abcd TO abcf]")]
    [InlineData("attributes.x:[* TO 5]", "attributes.x:[* TO 5]")]
    [InlineData("attributes.x:[-5 TO -1.5]", "attributes.x:[-5 TO -1.5]")]
    [InlineData("attributes.x:[ 1   TO   2 ]", "attributes.x:[1 TO 2]")]
    [InlineData("[1 TO 2]", "[1 TO 2]")]
    [InlineData("attributes.x<5", "attributes.x:[* TO 5}")]
    [InlineData("attributes.x<=5", "attributes.x:[* TO 5]")]
    [InlineData("attributes.x>5", "attributes.x:{5 TO *]")]
    [InlineData("attributes.x>=5", "attributes.x:[5 TO *]")]
    [InlineData("connectivity.timestamp > 1557651600000", "connectivity.timestamp:{1557651600000 TO *]")]
    [InlineData("attributes.x:>=\"B\"", "attributes.x:[b TO *]")]
    public void Ranges_and_comparisons(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    // A backslash makes the next character literal: a wildcard, an operator character or white space.
    [InlineData(@"thingName:my\*", @"thingName:my\*")]
    [InlineData(@"thingName:my\?x", @"thingName:my\?x")]
    [InlineData(@"attributes.x:a\:b", "attributes.x:a:b")]
    [InlineData(@"attributes.x:\(1\)", "attributes.x:(1)")]
    [InlineData(@"attributes.x:\-5", "attributes.x:-5")]
    [InlineData(@"\AND", "and")]
    [InlineData(@"attributes.x:\[1\]", "attributes.x:[1]")]
    // Quoted values are phrases; a quoted single word is one literal word; quotes escape with a backslash.
    [InlineData("shadow.reported.location:\"New  York\"", "shadow.reported.location:\"new york\"")]
    [InlineData("thingName:\"TV*\"", @"thingName:tv\*")]
    [InlineData("attributes.x:\"-5\"", "attributes.x:-5")]
    [InlineData("\"a \\\"b\\\" c\"", "\"a \"b\" c\"")]
    public void Escapes_and_quotes(string query, string canonical) => Assert.Equal(canonical, Canonical(query));

    [Theory]
    [InlineData("abc", 1)]
    [InlineData("thingName:(a OR b OR c)", 3)]
    [InlineData("NOT a -b +c", 3)]
    [InlineData("attributes.x:[1 TO 2] \"a b c\" * attributes.y>3", 4)]
    public void Term_count(string query, int terms) => Assert.Equal(terms, FleetQuery.Parse(query).TermCount);

    [Fact]
    public void Twelve_terms_are_allowed_and_thirteen_are_not()
    {
        string twelve = string.Join(" ", Enumerable.Range(1, 12).Select(i => $"attributes.a{i}:v"));
        Assert.Equal(12, FleetQuery.Parse(twelve).TermCount);

        var e = ParseError(twelve + " x");
        Assert.Equal("The query has 13 terms; the maximum is 12 (each word, quoted phrase, range, comparison and '*' counts once; AND, OR, NOT, '-', parentheses and field names do not).", e.Message);
        // Terms taken from a field group count one by one.
        ParseError("thingName:(a OR b OR c OR d OR e OR f OR g OR h OR i OR j OR k OR l OR m)");
    }

    [Fact]
    public void One_leading_wildcard_at_most_and_then_100_characters_at_most()
    {
        Assert.Equal("thingName:*my", Canonical("thingName:*my"));
        Assert.Equal("(thingName:*my* AND thingGroupNames:echo*)", Canonical("thingName:*my* AND thingGroupNames:echo*"));
        // A lone '*' is "every thing" or "has the field", not a leading wildcard.
        Assert.Equal("(thingName:* AND thingTypeName:* AND *my)", Canonical("thingName:* thingTypeName:* *my"));

        var two = ParseError("thingName:*my AND thingGroupNames:*echo");
        Assert.Equal("Only one term may start with a wildcard, but 'thingName:*my' (position 1) and 'thingGroupNames:*echo' (position 19) both do.", two.Message);
        Assert.Equal(19, two.Position);
        ParseError("thingName:?ab OR attributes.x:*b");

        string exactly100 = "thingName:*my AND attributes.model:" + new string('m', 100 - 35);
        Assert.Equal(100, exactly100.Length);
        FleetQuery.Parse(exactly100);
        var tooLong = ParseError(exactly100 + "m");
        Assert.Equal("A query with a leading wildcard ('thingName:*my' at position 1) can be at most 100 characters long; this one has 101.", tooLong.Message);
        // Without a leading wildcard the length is not limited.
        FleetQuery.Parse("thingName:my* AND attributes.model:" + new string('m', 500));
    }

    [Fact]
    public void Parentheses_nest_at_most_32_deep()
    {
        static string Nest(string term) => new string('(', 32) + term + new string(')', 32);
        Assert.Equal("a", Canonical(Nest("a")));
        // Depth counts open parentheses only: groups side by side may each nest 32 deep.
        Assert.Equal("(a AND b AND c)", Canonical(Nest("a") + " " + Nest("b") + " " + Nest("c")));
        var e = ParseError(new string('(', 10000) + "a" + new string(')', 10000));
        Assert.Equal("The '(' at position 33 nests parentheses more than 32 deep.", e.Message);
    }

    [Theory]
    [InlineData("attributes.mail:a@b", '@', 18)]
    [InlineData("thingName:a#1", '#', 12)]
    [InlineData("thingName:50%", '%', 13)]
    [InlineData("thingName:`x`", '`', 11)]
    [InlineData("thingName:it's", '\'', 13)]
    [InlineData("thingName:a;b", ';', 12)]
    [InlineData("attributes.x:1,2", ',', 15)]
    [InlineData("shadow.reported.note:\"a;b\"", ';', 24)]
    [InlineData(@"thingName:a\@b", '@', 13)]
    public void Unsupported_special_characters_are_refused_even_quoted_or_escaped(string query, char c, int position)
    {
        var e = ParseError(query);
        Assert.Equal($"Unsupported character '{c}' at position {position}: the query syntax does not support ` @ # % \\ / ' ; or , (escaping does not help).", e.Message);
        Assert.Equal(position, e.Position);
    }

    [Theory]
    [InlineData("thingName:/tv.*/", "Unsupported character '/' at position 11: regular expressions are not supported.")]
    [InlineData(@"thingName:a\\b", @"Unsupported character '\' at position 13: a backslash can escape a character but cannot be searched for.")]
    [InlineData(@"thingName:ab\", @"The '\' at position 13 escapes nothing: put the character to escape after it.")]
    [InlineData("thingName:tv^2", "Boosting ('^' at position 13) is not supported.")]
    [InlineData("(a OR b)^2", "Boosting ('^' at position 9) is not supported.")]
    [InlineData("thingName:tv~", "Fuzzy search ('~' at position 13) is not supported.")]
    [InlineData("thingName:tv~2", "Fuzzy search ('~' at position 13) is not supported.")]
    [InlineData("shadow.reported.location:\"new york\"~2", "Proximity search ('~' at position 36) is not supported.")]
    public void Unsupported_syntax_is_refused(string query, string message) => Assert.Equal(message, ParseError(query).Message);

    [Theory]
    [InlineData("", "The query string has no terms: give at least one, for example thingName:*.")]
    [InlineData(" \t ", "The query string has no terms: give at least one, for example thingName:*.")]
    [InlineData("AND a", "Expected a term but found 'AND' at position 1.")]
    [InlineData("a AND", "Expected a term after 'AND' (position 3) but found the end of the query at position 6.")]
    [InlineData("a OR OR b", "Expected a term after 'OR' (position 3) but found 'OR' at position 6.")]
    [InlineData("NOT", "Expected a term after 'NOT' (position 1) but found the end of the query at position 4.")]
    [InlineData("NOT NOT a", "Expected a term after 'NOT' (position 1) but found 'NOT' at position 5.")]
    [InlineData("thingName:", "Expected a term after ':' (position 10) but found the end of the query at position 11.")]
    [InlineData("thingName:-x", "Expected a term after ':' (position 10) but found '-' at position 11.")]
    [InlineData(":a", "Expected a term but found ':' at position 1.")]
    [InlineData("thingName:b:c", "Unexpected ':' at position 12.")]
    [InlineData("(a OR b", "The '(' at position 1 has no matching ')'.")]
    [InlineData("a OR b)", "Unexpected ')' at position 7: it closes no '('.")]
    [InlineData("thingName:()", "The parentheses at position 11 hold nothing: put at least one term inside.")]
    [InlineData("\"abc", "The quoted value that starts at position 1 has no closing '\"'.")]
    [InlineData("thingName:\"  \"", "The quoted value at position 11 is empty: put a word or phrase inside the quotes.")]
    [InlineData("<5", "The comparison '<' at position 1 needs a field before it, as in attributes.size<5.")]
    [InlineData("attributes.x<", "Expected a value after '<' (position 13) but found the end of the query at position 14.")]
    [InlineData("attributes.x<(5)", "Expected a value after '<' (position 13) but found '(' at position 14.")]
    [InlineData("a ]", "Unexpected ']' at position 3: a range is written [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    public void Malformed_queries_name_the_position(string query, string message) => Assert.Equal(message, ParseError(query).Message);

    [Theory]
    [InlineData("attributes.x:[1 TO 2", "The range that starts at position 14 expected ']' or '}' but found the end of the query at position 21; write it as [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    [InlineData("attributes.x:[1 2]", "The range that starts at position 14 expected 'TO' but found '2' at position 17; write it as [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    [InlineData("attributes.x:[1 to 2]", "The range that starts at position 14 expected 'TO' but found 'to' at position 17; write it as [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    [InlineData("attributes.x:[TO 2]", "The range that starts at position 14 expected 'TO' but found '2' at position 18; write it as [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    [InlineData("attributes.x:[1 TO ]", "The range that starts at position 14 expected a bound but found ']' at position 20; write it as [a TO b], {a TO b}, [a TO b} or {a TO b].")]
    public void Malformed_ranges_name_the_position(string query, string message) => Assert.Equal(message, ParseError(query).Message);

    [Theory]
    [InlineData("thingGroupName:mythinggroup", "thingGroupName", 1)]
    [InlineData("ThingName:tv", "ThingName", 1)]
    [InlineData("thingname:tv", "thingname", 1)]
    [InlineData("a AND Attributes.model:v2", "Attributes.model", 7)]
    [InlineData("attributes.:v2", "attributes.", 1)]
    [InlineData("shadow.reported:x", "shadow.reported", 1)]
    [InlineData("shadow.foo.bar:1", "shadow.foo.bar", 1)]
    [InlineData("shadow.hasdelta:true", "shadow.hasdelta", 1)]
    [InlineData("connectivity.Connected:true", "connectivity.Connected", 1)]
    [InlineData("connectivity.clientId:x", "connectivity.clientId", 1)]
    [InlineData("thingType:xyz", "thingType", 1)]
    [InlineData("thingName:(a OR registry:b)", "registry", 17)]
    [InlineData("size>5", "size", 1)]
    public void Field_names_are_case_sensitive_and_unknown_ones_are_refused(string query, string field, int position)
    {
        var e = ParseError(query);
        Assert.Equal($"Invalid field name '{field}' at position {position}. Field names are case-sensitive; the thing fields are {QueryFieldNames.Valid}.", e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Versions_are_not_searchable_and_wildcard_field_names_are_refused()
    {
        Assert.Equal("The field 'shadow.version' at position 1 is not searchable: AWS documents that shadow and registry versions are not searchable (they are only in the results).",
            ParseError("shadow.version:10").Message);
        Assert.Equal("Invalid field name 'attributes.*' at position 1: a field name cannot hold a wildcard.", ParseError("attributes.*:x").Message);
        Assert.Equal("Invalid field name '*' at position 1: a field name cannot hold a wildcard.", ParseError("*:abc").Message);
    }

    [Fact]
    public void Any_string_parses_or_gives_a_parse_error()
    {
        // A fixed seed: the same 20,000 strings of query characters every run, each parsed and matched.
        const string alphabet = "ab *?:=()[]{}<>\"+-!^~/@,TO AND OR NOT thingName attributes.x shadow.reported.y 5 .";
        var random = new Random(20261201);
        var crashes = new List<string>();
        for (int n = 0; n < 20000; n++)
        {
            var chars = new char[random.Next(1, 24)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            string query = new(chars);
            try
            {
                var parsed = FleetQuery.Parse(query);
                ThingSearch.Page(parsed, Everything, All, 100, null);
            }
            catch (QueryParseException)
            {
            }
            catch (Exception ex)
            {
                crashes.Add($"{query} -> {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.Empty(crashes);
    }

    [Theory]
    [InlineData("shadow.name.config.reported.mode:eco")]
    [InlineData("shadow.name.config.hasDelta:true")]
    [InlineData("shadow.name.config.metadata.desired.mode.timestamp>5")]
    [InlineData("deviceDefender.violationCount:[0 TO 100]")]
    [InlineData("deviceDefender.profile.disconnectBehavior.inViolation:true")]
    public void Named_shadow_and_device_defender_fields_parse_but_are_not_indexed_here(string query)
    {
        FleetQuery.Parse(query);
        Assert.Empty(Names(query));
        Assert.Equal(All.Length, Names("NOT " + query).Length);
    }
}
