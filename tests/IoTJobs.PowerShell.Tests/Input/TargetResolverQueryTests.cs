using System.Collections;
using System.Management.Automation;
using IoTJobs.PowerShell.Input;
using Xunit;

namespace IoTJobs.PowerShell.Tests.Input
{
    /// <summary>
    /// The resolver's rule for Get-IoTThing -Query: a fleet-index query typed beside pipeline input would list the
    /// query's things for every item, so each item is an error, whatever it is, and nothing is looked up.
    /// </summary>
    public sealed class TargetResolverQueryTests
    {
        private static CommandLine Cl(string[]? groups = null) => new CommandLine { Command = "Get-IoTThing", Groups = groups, Region = "us-east-1", ExpectingInput = true };

        public static TheoryData<string, object?> Items() => new()
        {
            { "a string", "sensor-1" },
            { "a Thing", new Thing { ThingName = "sensor-1", Region = "us-east-1" } },
            { "a ThingGroup", new ThingGroup { ThingGroupName = "line-1", Region = "us-east-1" } },
            { "a hashtable", new Hashtable { ["ThingName"] = "sensor-1" } },
            { "a row naming nothing", new PSObject() },
            { "$null", null },
        };

        [Theory]
        [MemberData(nameof(Items))]
        public void Any_item_beside_Query_is_PipedInputWithQuery(string shape, object? item)
        {
            var r = TargetResolver.ForThingQuery(Cl(), PipedItem.Of(item), "attributes.site:ber");
            Assert.Empty(r.Targets);
            Assert.Equal("PipedInputWithQuery", r.Error!.ErrorId);
            Assert.False(r.Error.EndsCommand, shape);
            Assert.Contains("-Query 'attributes.site:ber' was given too", r.Error.Message);
            Assert.EndsWith("Put what the items have in common into the query (for example thingName:sensor-* or attributes.site:ber), or pipe them without -Query.", r.Error.Message);
        }

        [Fact]
        public void The_query_rule_comes_before_the_group_rule_and_without_a_query_the_item_still_names_its_thing()
        {
            Assert.Equal("PipedInputWithQuery", TargetResolver.ForThingQuery(Cl(new[] { "g" }), PipedItem.Of("t"), "thingName:*").Error!.ErrorId);
            Assert.Equal("sensor-1", Assert.Single(TargetResolver.ForThingQuery(Cl(), PipedItem.Of("sensor-1")).Targets).Name);
        }
    }
}
