using System.Collections;
using IoTJobs.PowerShell.Input;

namespace IoTJobs.PowerShell.Tests.Input
{
    /// <summary>
    /// The resolver alone, without a runspace: every rule of the issue-19 safety work, for every shape of input. Each
    /// case says what the item names, or which error it is; nothing here sends anything.
    /// </summary>
    public sealed class TargetResolverTests
    {
        private const string Arn = "arn:aws:iot:us-east-1:123456789012";

        private static CommandLine Cl(string command, string[]? things = null, string[]? jobs = null, string[]? groups = null,
            string? region = "us-east-1", bool regionTyped = false, bool piped = true) => new CommandLine
        {
            Command = command, Things = things, Jobs = jobs, Groups = groups, Region = region, RegionTyped = regionTyped, ExpectingInput = piped,
        };

        private static PSObject Row(params (string Name, object? Value)[] properties)
        {
            var row = new PSObject();
            foreach (var (name, value) in properties) row.Properties.Add(new PSNoteProperty(name, value));
            return row;
        }

        private static PSObject Deserialized(string kind, params (string Name, object? Value)[] properties)
        {
            var row = Row(properties);
            row.TypeNames.Clear();
            row.TypeNames.Add("Deserialized.IoTJobs.PowerShell.Output." + kind);
            return row;
        }

        private static Resolution<ExecutionTarget> Cancel(CommandLine cl, object? item) => TargetResolver.ForExecutionCancel(cl, PipedItem.Of(item));
        private static Resolution<JobTarget> CancelJob(CommandLine cl, object? item) => TargetResolver.ForJobCancel(cl, PipedItem.Of(item));
        private static Resolution<ExecutionQuery> Query(CommandLine cl, object? item) => TargetResolver.ForExecutionQuery(cl, PipedItem.Of(item));

        // ---- rule 1: a thing never reaches a job-level action

        public static TheoryData<string, object> ThingBearingItems() => new()
        {
            { "a Thing", new Thing { ThingName = "b7-1", Region = "us-east-1" } },
            { "a deserialized Thing", Deserialized("Thing", ("ThingName", "b7-1"), ("Region", "us-east-1")) },
            { "a CSV row with only a ThingName column", Row(("ThingName", "b7-1")) },
            { "a row with only a ThingArn", Row(("ThingArn", $"{Arn}:thing/b7-1")) },
            { "a hashtable with a ThingName key", new Hashtable { ["thingname"] = "b7-1" } },
        };

        [Theory]
        [MemberData(nameof(ThingBearingItems))]
        public void AThingBesideJobId_IsRefusedByStopIoTJob(string shape, object item)
        {
            var r = CancelJob(Cl("Stop-IoTJob", jobs: new[] { "fw3" }), item);
            Assert.Empty(r.Targets);
            Assert.Equal("ThingPipedToStopJob", r.Error!.ErrorId);
            Assert.Contains("b7-1", r.Error.Message);
            Assert.Contains("Stop-IoTJobExecution -JobId fw3", r.Error.Message);
            _ = shape;
        }

        [Theory]
        [MemberData(nameof(ThingBearingItems))]
        public void AThingWithoutJobId_NamesNoJobForStopIoTJob(string shape, object item)
        {
            var r = CancelJob(Cl("Stop-IoTJob"), item);
            Assert.Equal("MissingJobId", r.Error!.ErrorId);
            Assert.Contains("Stop-IoTJobExecution", r.Error.Message);
            _ = shape;
        }

        public static TheoryData<string, object?, string> ItemsThatNameNoJob() => new()
        {
            { "a thing group as a JSON or CSV row", Row(("ThingGroupName", "building-7"), ("ThingGroupArn", $"{Arn}:thinggroup/building-7")), "ThingGroupPipedToStopJob" },
            { "a hashtable with a ThingGroupArn", new Hashtable { ["ThingGroupArn"] = $"{Arn}:thinggroup/building-7" }, "ThingGroupPipedToStopJob" },
            { "a thing projected to ThingId", Row(("ThingId", "1234"), ("ThingTypeName", "meter")), "PipedItemNamesNoJob" },
            { "a row with only a Device column", Row(("Device", "b7-1")), "PipedItemNamesNoJob" },
            { "an empty hashtable", new Hashtable(), "PipedItemNamesNoJob" },
            { "a number", 5, "PipedItemNamesNoJob" },
            { "$null", null, "PipedItemNamesNoJob" },
        };

        [Theory]
        [MemberData(nameof(ItemsThatNameNoJob))]
        public void AnItemThatNamesNoJob_NeverStandsForTheTypedJobId(string shape, object? item, string errorId)
        {
            var r = CancelJob(Cl("Stop-IoTJob", jobs: new[] { "fw3" }), item);
            Assert.Empty(r.Targets);
            Assert.Equal(errorId, r.Error!.ErrorId);
            Assert.Contains("Nothing was canceled", r.Error.Message);
            _ = shape;
        }

        [Fact]
        public void KeysThatDifferOnlyInCase_WithDifferentValues_AreRefusedByEveryEntryPoint()
        {
            // ConvertFrom-Json -AsHashtable keeps both spellings; which one a reader took would decide the condition.
            var item = PipedItem.Of(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["ThingName"] = "t1", ["JobId"] = "fw", ["ThingGroupName"] = "g", ["expectedVersion"] = "", ["ExpectedVersion"] = 5,
            });
            var errors = new ItemError?[]
            {
                TargetResolver.ForExecutionCancel(Cl("Stop-IoTJobExecution"), item).Error,
                TargetResolver.ForJobCancel(Cl("Stop-IoTJob"), item).Error,
                TargetResolver.ForExecutionQuery(Cl("Get-IoTJobExecution"), item).Error,
                TargetResolver.ForJobQuery(Cl("Get-IoTJob"), item).Error,
                TargetResolver.ForThingQuery(Cl("Get-IoTThing"), item).Error,
                TargetResolver.ForGroupQuery(Cl("Get-IoTThingGroup"), item, null).Error,
            };
            Assert.All(errors, e =>
            {
                Assert.Equal("CaseConflictingKeys", e!.ErrorId);
                Assert.Contains("'expectedVersion' and 'ExpectedVersion'", e.Message);
            });
            // The same value under both spellings says one thing.
            var same = PipedItem.Of(new Dictionary<string, object?>(StringComparer.Ordinal) { ["ThingName"] = "t1", ["thingName"] = "t1", ["JobId"] = "fw" });
            Assert.Equal("t1", Assert.Single(TargetResolver.ForExecutionCancel(Cl("Stop-IoTJobExecution"), same).Targets).Thing);
        }

        [Fact]
        public void AnExecutionInAnyShape_IsRefusedByStopIoTJob()
        {
            foreach (var item in new object[]
                     {
                         new JobExecution { ThingName = "t", JobId = "j" },
                         Row(("ThingName", "t"), ("JobId", "j")),
                         Row(("JobId", "j"), ("ExecutionNumber", 1L)),
                         Row(("JobId", "j"), ("JobExecutionSummary", Row(("ExecutionNumber", 1L)))),
                         new Hashtable { ["JobId"] = "j", ["ThingArn"] = $"{Arn}:thing/t" },
                     })
            {
                Assert.Equal("JobExecutionPipedToStopJob", CancelJob(Cl("Stop-IoTJob"), item).Error!.ErrorId);
            }
        }

        [Fact]
        public void AJobNamesItsJob_ForStopIoTJob()
        {
            var r = CancelJob(Cl("Stop-IoTJob"), new Job { JobId = "fw", Region = "eu-west-1", StatusText = "IN_PROGRESS" });
            var t = Assert.Single(r.Targets);
            Assert.Equal(("fw", "eu-west-1", "IN_PROGRESS"), (t.Job, t.Region, t.KnownStatus));
        }

        // ---- rule 2: an item that names no thing is never widened into every thing

        [Fact]
        public void AThingGroupBesideJobId_IsRefusedByGetIoTJobExecution_NotListedAsTheWholeJob()
        {
            var r = Query(Cl("Get-IoTJobExecution", jobs: new[] { "fw5" }), new ThingGroup { ThingGroupName = "building-7", Region = "us-east-1" });
            Assert.Empty(r.Targets);
            Assert.Equal("ThingGroupPipedToGetJobExecution", r.Error!.ErrorId);
            Assert.Contains("Get-IoTThing -ThingGroupName building-7", r.Error.Message);
        }

        [Fact]
        public void ARowThatNamesNothing_BesideJobId_IsAnError()
        {
            var r = Query(Cl("Get-IoTJobExecution", jobs: new[] { "fw5" }), Row(("Device", "b7-1")));
            Assert.Empty(r.Targets);
            Assert.Equal("MissingThingName", r.Error!.ErrorId);
            Assert.Contains("its properties: Device", r.Error.Message);
            Assert.Contains("every thing", r.Error.Message);
        }

        [Fact]
        public void ARowThatNamesNothing_BesideThingName_IsAnError()
        {
            var r = Query(Cl("Get-IoTJobExecution", things: new[] { "b7-1" }), Row(("Job", "fw5")));
            Assert.Equal("MissingJobId", r.Error!.ErrorId);
        }

        [Fact]
        public void AJobListsItsExecutions_AndAThingWithJobIdIsDescribed()
        {
            var list = Assert.Single(Query(Cl("Get-IoTJobExecution"), new Job { JobId = "fw", Region = "us-east-1" }).Targets);
            Assert.Equal(((string?)null, "fw"), (list.Thing, list.Job));
            var pair = Assert.Single(Query(Cl("Get-IoTJobExecution", jobs: new[] { "fw" }), new Thing { ThingName = "t1", Region = "us-east-1" }).Targets);
            Assert.Equal(("t1", "fw"), (pair.Thing, pair.Job));
        }

        [Fact]
        public void ForStopIoTJobExecution_AnItemNamingNoThing_IsAnError_EvenWithThingNameMissing()
        {
            Assert.Equal("MissingThingName", Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), Row(("Device", "x"))).Error!.ErrorId);
            Assert.Equal("ThingGroupPipedToStopJobExecution", Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), new ThingGroup { ThingGroupName = "g" }).Error!.ErrorId);
            Assert.Equal("MissingThingName", Cancel(Cl("Stop-IoTJobExecution"), new Job { JobId = "fw" }).Error!.ErrorId);
            Assert.Equal("MissingThingName", Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), null).Error!.ErrorId);
        }

        // ---- rule 3: names, ARNs, regions, accounts and partitions agree

        [Fact]
        public void AnArnsAccountAndRegionGoWithTheTarget()
        {
            var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), Row(("ThingArn", "arn:aws:iot:us-east-1:999999999999:thing/b7-1"))).Targets);
            Assert.Equal(("b7-1", "fw", "us-east-1", "999999999999"), (t.Thing, t.Job, t.Region, t.Account));
        }

        [Fact]
        public void ArnsOfTwoAccounts_AreAnError()
        {
            var r = Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingArn", "arn:aws:iot:us-east-1:999999999999:thing/t"), ("JobArn", "arn:aws:iot:us-east-1:111111111111:job/j")));
            Assert.Equal("AccountConflict", r.Error!.ErrorId);
            Assert.Contains("999999999999", r.Error.Message);
            Assert.Contains("111111111111", r.Error.Message);
        }

        [Fact]
        public void AnArnWhosePartitionIsNotItsRegions_IsAnError_NamingBoth()
        {
            var r = Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), Row(("ThingArn", "arn:aws:iot:cn-north-1:123456789012:thing/t")));
            Assert.Equal("InvalidThingName", r.Error!.ErrorId);
            Assert.Contains("partition 'aws' is not region cn-north-1's (aws-cn)", r.Error.Message);
        }

        [Fact]
        public void ArnsOfEveryPartition_ActInTheirRegion()
        {
            foreach (var (partition, region) in new[] { ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1"), ("aws-eusc", "eusc-de-east-1"), ("aws-iso-b", "us-isob-east-1") })
            {
                var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), $"arn:{partition}:iot:{region}:123456789012:thing/t").Targets);
                Assert.Equal((region, "t"), (t.Region, t.Thing));
            }
        }

        [Fact]
        public void AHashtableWhoseNameAndArnDisagree_IsANameConflict_AsAPSCustomObjectIs()
        {
            foreach (var item in new object[]
                     {
                         new Hashtable { ["ThingName"] = "a", ["ThingArn"] = $"{Arn}:thing/b", ["JobId"] = "fw" },
                         Row(("ThingName", "a"), ("ThingArn", $"{Arn}:thing/b"), ("JobId", "fw")),
                     })
            {
                var r = Cancel(Cl("Stop-IoTJobExecution"), item);
                Assert.Equal("NameConflict", r.Error!.ErrorId);
                Assert.Empty(r.Targets);
            }
            Assert.Equal("NameConflict", CancelJob(Cl("Stop-IoTJob"), new Hashtable { ["JobId"] = "ja", ["JobArn"] = $"{Arn}:job/jb" }).Error!.ErrorId);
        }

        [Fact]
        public void ABlankNameBesideAValidArn_TakesTheArn()
        {
            var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingName", "  "), ("ThingArn", "arn:aws:iot:eu-west-1:123456789012:thing/b7-1"), ("JobId", "fw"))).Targets);
            Assert.Equal(("b7-1", "eu-west-1"), (t.Thing, t.Region));
        }

        [Fact]
        public void RegionsThatDisagree_AreAnError_ATypedRegionBeatsNoObjectButADefaultYields()
        {
            var west = Row(("ThingName", "t"), ("JobId", "j"), ("Region", "eu-west-1"));
            Assert.Equal("RegionConflict", Cancel(Cl("Stop-IoTJobExecution", regionTyped: true), west).Error!.ErrorId);
            var r = Cancel(Cl("Stop-IoTJobExecution"), west);
            Assert.Equal("eu-west-1", Assert.Single(r.Targets).Region);
            Assert.Contains(r.Notes, n => n.Contains("instead of the default us-east-1"));
            var mixed = Row(("ThingArn", "arn:aws:iot:eu-west-1:123456789012:thing/t"), ("JobId", "j"), ("Region", "us-east-1"));
            Assert.Equal("RegionConflict", Cancel(Cl("Stop-IoTJobExecution"), mixed).Error!.ErrorId);
            Assert.Equal("InvalidRegion", Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingName", "t"), ("JobId", "j"), ("Region", "mars"))).Error!.ErrorId);
        }

        [Fact]
        public void TypedArns_CarryTheirRegion_AndConflictWithATypedRegion()
        {
            var t = Assert.Single(TargetResolver.ForExecutionCancel(Cl("Stop-IoTJobExecution", new[] { "arn:aws:iot:ap-southeast-2:123456789012:thing/dev-9" }, new[] { "fw" }, piped: false), null).Targets);
            Assert.Equal("ap-southeast-2", t.Region);
            var r = TargetResolver.ForExecutionCancel(Cl("Stop-IoTJobExecution", new[] { "arn:aws:iot:eu-west-1:123456789012:thing/dev-9" }, new[] { "fw" }, regionTyped: true, piped: false), null);
            Assert.Equal("RegionConflict", r.Error!.ErrorId);
            Assert.False(r.Error.EndsCommand);
        }

        // ---- names given twice

        [Fact]
        public void ANameOnTheCommandLineAndADifferentOneOnTheItem_IsANameConflict()
        {
            var r = Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "jb" }), Row(("ThingName", "t"), ("JobId", "ja")));
            Assert.Equal("NameConflict", r.Error!.ErrorId);
            Assert.Contains("ja", r.Error.Message);
            Assert.Contains("jb", r.Error.Message);
            Assert.Equal("NameConflict", Query(Cl("Get-IoTJobExecution", jobs: new[] { "jb" }), Row(("ThingName", "t"), ("JobId", "ja"))).Error!.ErrorId);
        }

        [Fact]
        public void APipedStringBesideThingName_IsAnError_AndBesideJobIdIsAThing()
        {
            Assert.Equal("PipedStringWithThingName", Cancel(Cl("Stop-IoTJobExecution", things: new[] { "t" }, jobs: new[] { "j" }), "x").Error!.ErrorId);
            var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "j" }), "x").Targets);
            Assert.Equal(("x", "j"), (t.Thing, t.Job));
            Assert.Equal("InvalidPipedName", Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "j" }), "bad name").Error!.ErrorId);
        }

        // ---- conditions

        [Theory]
        [InlineData("v7")]
        [InlineData("1.6")]
        [InlineData("-3")]
        [InlineData("99999999999999999999")]
        public void AnUnreadableExpectedVersion_FailsTheItem(string cell)
        {
            var r = Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingName", "t"), ("JobId", "j"), ("ExpectedVersion", cell)));
            Assert.Equal("InvalidExpectedVersion", r.Error!.ErrorId);
            Assert.Contains($"'{cell}'", r.Error.Message);
        }

        [Fact]
        public void ExpectedVersion_IsReadStrictly_AndAGivenOneMustHaveAValue()
        {
            Assert.Equal(2L, Assert.Single(Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingName", "t"), ("JobId", "j"), ("ExpectedVersion", 2.0))).Targets).ExpectedVersion);
            var blank = Cancel(Cl("Stop-IoTJobExecution"), Row(("ThingName", "t"), ("JobId", "j"), ("ExpectedVersion", "")));
            Assert.Null(Assert.Single(blank.Targets).ExpectedVersion);
            Assert.Contains(blank.Notes, n => n.Contains("without a version condition"));
            var cl = Cl("Stop-IoTJobExecution");
            cl.ExpectedVersionGiven = true;
            cl.ExpectedVersion = null; // a script block's $null: never "no condition"
            Assert.Equal("InvalidExpectedVersion", Cancel(cl, Row(("ThingName", "t"), ("JobId", "j"))).Error!.ErrorId);
            cl.ExpectedVersion = "1";
            Assert.Equal("ExpectedVersionConflict", Cancel(cl, Row(("ThingName", "t"), ("JobId", "j"), ("ExpectedVersion", "4"))).Error!.ErrorId);
        }

        [Fact]
        public void AnItemsExecutionNumberAndKnownStatus_GoWithTheTarget_OnlyForThatExecution()
        {
            var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution"), new JobExecution { ThingName = "t", JobId = "j", ExecutionNumber = 3, StatusText = "IN_PROGRESS" }).Targets);
            Assert.Equal((3L, "IN_PROGRESS"), (t.ExecutionNumber!.Value, t.KnownStatus));
            var fromJob = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", things: new[] { "t" }), new Job { JobId = "j", StatusText = "IN_PROGRESS" }).Targets);
            Assert.Null(fromJob.KnownStatus);
            var nested = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "j" }), Row(("ThingArn", $"{Arn}:thing/t"), ("JobExecutionSummary", Row(("ExecutionNumber", 9L))))).Targets);
            Assert.Equal(9L, nested.ExecutionNumber);
        }

        // ---- hashtables are read like objects

        [Fact]
        public void AHashtableNamesWhatItsKeysSay_AndOneWithoutTheKeysSaysSo()
        {
            var t = Assert.Single(Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "fw" }), new Hashtable { ["ThingName"] = "d-1" }).Targets);
            Assert.Equal(("d-1", "fw"), (t.Thing, t.Job));
            var r = Cancel(Cl("Stop-IoTJobExecution"), new Hashtable { ["Thing"] = "d-1", ["Job"] = "fw" });
            Assert.Equal("MissingThingName", r.Error!.ErrorId);
            Assert.Contains("A hashtable was piped", r.Error.Message);
            Assert.Contains("[pscustomobject]@{", r.Error.Message);
        }

        // ---- command-line problems end the command, item problems do not

        [Fact]
        public void ABadTypedName_EndsTheCommandWithoutInput_AndFailsTheItemWithIt()
        {
            var typed = TargetResolver.ForExecutionCancel(Cl("Stop-IoTJobExecution", new[] { "bad name" }, new[] { "j" }, piped: false), null);
            Assert.Equal("InvalidThingName", typed.Error!.ErrorId);
            Assert.True(typed.Error.EndsCommand);
            var piped = Cancel(Cl("Stop-IoTJobExecution", jobs: new[] { "job.1" }), "t");
            Assert.Equal("InvalidJobId", piped.Error!.ErrorId);
            Assert.False(piped.Error.EndsCommand);
        }

        // ---- Get-IoTThing and Get-IoTThingGroup

        [Fact]
        public void GetIoTThing_AThingAndAGroupOnOneRow_IsAnError_AndAGroupListsItsThings()
        {
            Assert.Equal("ThingAndThingGroupPiped", TargetResolver.ForThingQuery(Cl("Get-IoTThing"), PipedItem.Of(Row(("ThingName", "t"), ("ThingGroupName", "g")))).Error!.ErrorId);
            var g = Assert.Single(TargetResolver.ForThingQuery(Cl("Get-IoTThing"), PipedItem.Of(new ThingGroup { ThingGroupName = "g", Region = "us-east-1" })).Targets);
            Assert.True(g.GroupMembers);
            Assert.Equal("PipedInputWithThingGroupName", TargetResolver.ForThingQuery(Cl("Get-IoTThing", groups: new[] { "g" }), PipedItem.Of("t")).Error!.ErrorId);
            Assert.Equal("MissingThingName", TargetResolver.ForThingQuery(Cl("Get-IoTThing"), PipedItem.Of(new Job { JobId = "fw" })).Error!.ErrorId);
        }

        [Fact]
        public void GetIoTThingGroup_AnItemBesideParentGroupName_IsAnError()
        {
            var cl = Cl("Get-IoTThingGroup");
            cl.ListFilters = "-ParentGroupName or -Recursive";
            Assert.Equal("PipedInputWithoutThingGroupName", TargetResolver.ForGroupQuery(cl, PipedItem.Of("g"), "p").Error!.ErrorId);
            var t = Assert.Single(TargetResolver.ForGroupQuery(Cl("Get-IoTThingGroup"), PipedItem.Of("arn:aws:iot:eu-west-1:123456789012:thinggroup/g"), null).Targets);
            Assert.Equal(("g", "eu-west-1"), (t.Name, t.Region));
        }

        [Fact]
        public void GetIoTJob_AnExecutionNamesItsJob_AThingNamesNone()
        {
            var t = Assert.Single(TargetResolver.ForJobQuery(Cl("Get-IoTJob"), PipedItem.Of(new JobExecution { ThingName = "t", JobId = "fw" })).Targets);
            Assert.Equal("fw", t.Job);
            Assert.Equal("MissingJobId", TargetResolver.ForJobQuery(Cl("Get-IoTJob"), PipedItem.Of(new Thing { ThingName = "t" })).Error!.ErrorId);
        }

        [Fact]
        public void TheResolverWritesNoParameter_AndReadsNothingButTheItem()
        {
            // The same item resolved twice gives the same answer: no state is kept between items.
            var cl = Cl("Stop-IoTJobExecution", jobs: new[] { "fw" });
            var row = Row(("ThingName", "t"), ("Region", "eu-west-1"));
            var first = Assert.Single(Cancel(cl, row).Targets);
            var second = Assert.Single(Cancel(cl, row).Targets);
            Assert.Equal((first.Thing, first.Region), (second.Thing, second.Region));
            Assert.Equal("us-east-1", cl.Region);
            Assert.Equal(new[] { "fw" }, cl.Jobs!.ToArray());
        }
    }
}
