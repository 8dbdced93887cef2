using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using IoTJobs.Emulator.Indexing;
using Xunit;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Get-IoTThing -Query against the in-process emulator's SearchIndex: the paging follows the consumer (request
    /// counts), registry, shadow and connectivity arrive on the Thing, and the emulator's own refusals become the
    /// module's errors.
    /// </summary>
    public sealed class GetIoTThingQueryEmulatorTests : IClassFixture<EmulatorFixture>
    {
        private const string Fqid = ",IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand";
        private readonly EmulatorFixture _fx;

        public GetIoTThingQueryEmulatorTests(EmulatorFixture fx)
        {
            _fx = fx;
            Index(ThingIndexingMode.RegistryAndShadow);
        }

        private EmulatorStore Store => _fx.Emulator.Store;
        private long Searches => _fx.Emulator.RequestCount(Operations.SearchIndex);

        private void Index(ThingIndexingMode mode) =>
            Store.IndexingConfiguration = new IndexingConfiguration { Thing = new ThingIndexingConfiguration(mode, ThingConnectivityIndexingMode.Status) };

        /// <summary>Things named &lt;tag&gt;-1.. at site &lt;tag&gt;.</summary>
        private string[] Site(string tag, int count)
        {
            var things = Enumerable.Range(1, count).Select(i => $"{tag}-{i}").ToArray();
            Store.SeedThings(things, "sensor", new Dictionary<string, string> { ["site"] = tag });
            return things;
        }

        private static string Tag() => "q" + Guid.NewGuid().ToString("N").Substring(0, 8);

        [Fact]
        public void Pages_are_requested_as_the_consumer_asks_Select_Object_First_stops_the_paging()
        {
            var tag = Tag();
            var things = Site(tag, 7);
            using var s = _fx.Open();

            var before = Searches;
            var all = s.Invoke($"Get-IoTThing -Query 'attributes.site:{tag}' -PageSize 2 | ForEach-Object ThingName");
            Assert.Equal(things, all.Select(o => o.ToString()));
            Assert.Equal(4, Searches - before); // 2 + 2 + 2 + 1

            before = Searches;
            Assert.Equal(3, s.Invoke($"Get-IoTThing -Query 'attributes.site:{tag}' -PageSize 2 | Select-Object -First 3").Count);
            Assert.Equal(2, Searches - before);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Registry_shadow_and_connectivity_reach_the_Thing()
        {
            var tag = Tag();
            var things = Site(tag, 2);
            Store.SeedShadowReported(new[] { KeyValuePair.Create(things[0], JsonNode.Parse("{\"fw\":\"1.2.3\",\"battery\":80}")!.AsObject()) });
            var before = DateTime.UtcNow.AddSeconds(-1);
            Store.SetConnectivity(new[] { things[0] }, false, "CONNECTION_LOST");
            using var s = _fx.Open();

            var found = s.Invoke($"Get-IoTThing -Query 'attributes.site:{tag} AND shadow.reported.fw:1.2.3 AND connectivity.connected:false'");
            var t = (Thing)Assert.Single(found).BaseObject;
            Assert.Equal(things[0], t.ThingName);
            Assert.NotNull(t.ThingId);
            Assert.Equal("sensor", t.ThingTypeName);
            Assert.Equal(tag, t.Attributes!["site"]);
            Assert.False(t.Connected);
            Assert.Equal("CONNECTION_LOST", t.DisconnectReason);
            Assert.InRange(t.ConnectivityChangedAt!.Value, before, DateTime.UtcNow.AddSeconds(1));
            Assert.Equal("1.2.3", t.ShadowReported!.Properties["fw"].Value);
            Assert.Equal(80L, t.ShadowReported.Properties["battery"].Value);
            Assert.Contains("\"reported\":{\"fw\":\"1.2.3\",\"battery\":80}", t.Shadow);
            Assert.Null(t.ThingArn);
            Assert.Null(t.Version);

            // The one that never connected is indexed as not connected, with no time; it has no shadow.
            var other = (Thing)Assert.Single(s.Invoke($"Get-IoTThing -Query 'thingName:{things[1]}'")).BaseObject;
            Assert.False(other.Connected);
            Assert.Null(other.ConnectivityChangedAt);
            Assert.Null(other.Shadow);
            Assert.Null(other.ShadowReported);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void The_emulators_refusals_become_InvalidQuery_and_IndexNotEnabled()
        {
            using var s = _fx.Open();
            s.Invoke("Get-IoTThing -Query 'attributes.site:(ber'");
            var invalid = Assert.Single(s.Errors);
            Assert.Equal("InvalidQuery" + Fqid, invalid.FullyQualifiedErrorId);
            Assert.StartsWith("The fleet indexing query 'attributes.site:(ber' is not valid: the service answered InvalidQueryException: ", invalid.Exception.Message);

            Index(ThingIndexingMode.Off);
            s.Invoke("Get-IoTThing -Query 'connectivity.connected:false'");
            var off = Assert.Single(s.Errors);
            Assert.Equal("IndexNotEnabled" + Fqid, off.FullyQualifiedErrorId);
            Assert.StartsWith("Fleet indexing is off in us-east-1: nothing was searched for 'connectivity.connected:false'. The service answered ResourceNotFoundException: " +
                "Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration", off.Exception.Message);
        }
    }
}
