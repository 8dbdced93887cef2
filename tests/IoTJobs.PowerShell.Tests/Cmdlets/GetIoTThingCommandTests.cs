namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>Get-IoTThing against the in-process emulator: describe many, list with filters, binding, errors, view.</summary>
    public sealed class GetIoTThingCommandTests : IClassFixture<EmulatorFixture>
    {
        private const string Fqid = ",IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand";
        private readonly EmulatorFixture _fx;

        public GetIoTThingCommandTests(EmulatorFixture fixture) => _fx = fixture;

        private EmulatorStore Store => _fx.Emulator.Store;
        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private long Count(string op) => _fx.Emulator.RequestCount(op);
        private static Thing[] Things(IEnumerable<PSObject> output) => output.Select(o => (Thing)o.BaseObject).ToArray();

        [Fact]
        public void Describe_many_and_not_found_continues()
        {
            var a = Unique("dev");
            var b = Unique("dev");
            Store.CreateThing(a, attributes: new Dictionary<string, string> { ["site"] = "berlin" });
            Store.CreateThing(b);
            using var s = _fx.Open();
            var result = Things(s.Invoke("Get-IoTThing -ThingName $args[0], 'no-such-thing', $args[1]", a, b));
            Assert.Equal(new[] { a, b }, result.Select(t => t.ThingName));
            Assert.Equal("berlin", result[0].Attributes!["site"]);
            Assert.NotNull(result[0].Version);
            Assert.Equal(Store.ThingArn(a), result[0].ThingArn);
            Assert.Equal("us-east-1", result[0].Region);
            var err = Assert.Single(s.Errors);
            Assert.Equal("ThingNotFound" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, err.CategoryInfo.Category);
            Assert.Equal("no-such-thing", err.TargetObject);
            Assert.Equal("no-such-thing", ((IoTJobsException)err.Exception).ThingName);
        }

        [Fact]
        public void List_filters_by_attribute_and_type_on_the_server()
        {
            var tag = Unique("v");
            var type = Unique("type");
            var a = Unique("dev");
            var b = Unique("dev");
            var c = Unique("dev");
            Store.CreateThing(a, type, new Dictionary<string, string> { ["fw"] = tag });
            Store.CreateThing(b, null, new Dictionary<string, string> { ["fw"] = tag });
            Store.CreateThing(c, type, new Dictionary<string, string> { ["fw"] = "other" });
            using var s = _fx.Open();
            var byAttr = Things(s.Invoke("Get-IoTThing -AttributeName fw -AttributeValue $args[0] -PageSize 1", tag));
            Assert.Equal(new[] { a, b }, byAttr.Select(t => t.ThingName));
            var byType = Things(s.Invoke("Get-IoTThing -ThingTypeName $args[0]", type));
            Assert.Equal(new[] { a, c }, byType.Select(t => t.ThingName));
            Assert.All(byType, t => Assert.Equal(type, t.ThingTypeName));
            var both = Things(s.Invoke("Get-IoTThing -ThingTypeName $args[0] -AttributeName fw -AttributeValue $args[1]", type, tag));
            Assert.Equal(a, Assert.Single(both).ThingName);
            Assert.Empty(s.Errors);
            var caught = s.Invoke("try { Get-IoTThing -AttributeValue x } catch { $_.FullyQualifiedErrorId }");
            Assert.Equal("AttributeValueNeedsAttributeName" + Fqid, Assert.Single(caught).ToString());
        }

        [Fact]
        public void List_pages_and_select_first_stops_early()
        {
            for (int i = 0; i < 6; i++) Store.CreateThing(Unique("dev"));
            using var s = _fx.Open();
            var before = Count(Operations.ListThings);
            Assert.Equal(3, s.Invoke("Get-IoTThing -PageSize 2 | Select-Object -First 3").Count);
            Assert.Equal(before + 2, Count(Operations.ListThings));
        }

        [Fact]
        public void Piped_strings_executions_csv_and_awstools_objects_bind_thingname()
        {
            var job = Unique("job");
            var things = new[] { job + "-a", job + "-b" };
            Store.Seed(job, things);
            using var s = _fx.Open();
            Assert.Equal(things, Things(s.Invoke("$args[0] | Get-IoTThing", (object)things)).Select(t => t.ThingName));
            Assert.Equal(things, Things(s.Invoke("Get-IoTJobExecution -JobId $args[0] | Get-IoTThing", job)).Select(t => t.ThingName).OrderBy(x => x));
            Assert.Equal(things[0], Things(s.Invoke("\"ThingName`n$($args[0])\" | ConvertFrom-Csv | Get-IoTThing", things[0])).Single().ThingName);
            Assert.Equal(things[1], Things(s.Invoke("[pscustomobject]@{ ThingArn = $args[0] } | Get-IoTThing", Store.ThingArn(things[1]))).Single().ThingName);
            Assert.Equal(things[1], Things(s.Invoke("Get-IoTThing $args[0] | Get-IoTThing", things[1])).Single().ThingName);
            Assert.Empty(s.Errors);
            s.Invoke("Get-IoTThing -ThingName 'bad thing'");
            Assert.Contains("'bad thing'", Assert.Single(s.Errors).Exception.Message);
        }

        [Fact]
        public void Table_view_shows_the_scanning_columns()
        {
            var a = Unique("dev");
            Store.CreateThing(a, "sensor", new Dictionary<string, string> { ["site"] = "oslo", ["fw"] = "1.2" });
            using var s = _fx.Open();
            var text = string.Concat(s.Invoke("Get-IoTThing -ThingName $args[0] | Out-String -Width 200", a));
            foreach (var column in new[] { "ThingName", "ThingTypeName", "Version", "Region", "Attributes" })
                Assert.Contains(column, text);
            Assert.Contains("fw=1.2;site=oslo", text); // as Export-Csv writes it
            Assert.DoesNotContain("ThingArn", text);
        }
    }
}
