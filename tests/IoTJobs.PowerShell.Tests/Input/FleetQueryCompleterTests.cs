using System.Linq;
using Xunit;

namespace IoTJobs.PowerShell.Tests.Input
{
    /// <summary>
    /// Tab completion of -Query's field names (TabExpansion2, as PSReadLine asks for it): the last word of the query text
    /// completes to the syntax's fields, the rest of the text is kept as typed, an open string stays open, and values
    /// are never completed as fields.
    /// </summary>
    public sealed class FleetQueryCompleterTests : IClassFixture<EmulatorFixture>
    {
        private const string Cmd = "Get-IoTThing -Query ";
        private readonly EmulatorFixture _fx;
        public FleetQueryCompleterTests(EmulatorFixture fx) => _fx = fx;

        private (string[] Texts, int Index, int Length) Complete(string line)
        {
            using var s = _fx.Open();
            var r = s.Invoke("$r = TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length; $r.ReplacementIndex; $r.ReplacementLength; $r.CompletionMatches | ForEach-Object CompletionText", line)
                .Select(o => o.ToString()!).ToArray();
            return (r.Skip(2).ToArray(), int.Parse(r[0]), int.Parse(r[1]));
        }

        [Theory]
        [InlineData("'attributes.site:ber AND conn", "'attributes.site:ber AND connectivity.")]      // still open: typing goes on
        [InlineData("'attributes.site:ber AND conn'", "'attributes.site:ber AND connectivity.")]     // closed: the quote is kept
        [InlineData("\"site:ber AND conn\"", "\"site:ber AND connectivity.")]
        [InlineData("'attributes.site:ber AND CONN", "'attributes.site:ber AND connectivity.")]       // any case; the field's own case
        [InlineData("conn", "connectivity.")]                                                         // a bare word stays bare
        public void The_last_word_completes_to_the_connectivity_fields_and_the_rest_is_kept(string typed, string start)
        {
            var (texts, index, length) = Complete(Cmd + typed);
            var close = typed.EndsWith("'") || typed.EndsWith("\"") && typed.Length > 1 ? typed.Substring(typed.Length - 1) : "";
            Assert.Equal(new[] { "connected", "timestamp", "disconnectReason" }.Select(f => start + f + close), texts);
            Assert.Equal((Cmd.Length, typed.Length), (index, length)); // the whole argument is replaced
        }

        [Fact]
        public void Nothing_typed_offers_every_field()
        {
            Assert.Equal(new[]
            {
                "thingName", "thingId", "thingTypeName", "thingGroupNames", "attributes.", "shadow.reported.", "shadow.desired.", "shadow.delta.",
                "shadow.hasDelta", "connectivity.connected", "connectivity.timestamp", "connectivity.disconnectReason",
            }, Complete(Cmd).Texts);
            Assert.Equal(new[] { "'x AND shadow.reported.", "'x AND shadow.desired.", "'x AND shadow.delta.", "'x AND shadow.hasDelta" }, Complete(Cmd + "'x AND shadow.").Texts);
        }

        [Theory]
        [InlineData("'NOT shadow.re", "'NOT shadow.reported.")]
        [InlineData("'-shadow.re", "'-shadow.reported.")]
        [InlineData("'(thingName:a OR shadow.re", "'(thingName:a OR shadow.reported.")]
        [InlineData("'\"a b\" AND shadow.re", "'\"a b\" AND shadow.reported.")]
        [InlineData("\"x AND `\"q t`\" AND shadow.re", "\"x AND `\"q t`\" AND shadow.reported.")]   // PowerShell's escapes are kept
        [InlineData("'it''s AND shadow.re", "'it''s AND shadow.reported.")]
        public void A_field_after_an_operator_a_group_or_a_phrase_completes(string typed, string expected)
        {
            Assert.Equal(new[] { expected }, Complete(Cmd + typed).Texts);
            Assert.Equal(new[] { expected }, Complete("Get-IoTThing -Qu:" + typed).Texts);
        }

        [Theory]
        [InlineData("'thingName:th")]                          // a value
        [InlineData("'thingName:sensor-th")]                   // the end of a value
        [InlineData("'shadow.reported.fw: th")]                // a value after white space
        [InlineData("'connectivity.timestamp>th")]
        [InlineData("'thingName:(a OR th")]                    // a field group holds values
        [InlineData("'connectivity.timestamp:[1 TO th")]       // so does a range
        [InlineData("'\"a b AND th")]                          // and a phrase
        [InlineData("$q")]
        [InlineData("'thingName:Io")]                          // no file names either (the test's folder holds IoTJobs.*)
        public void Values_are_never_completed_as_fields(string typed)
        {
            Assert.Empty(Complete(Cmd + typed).Texts);
        }
    }
}
