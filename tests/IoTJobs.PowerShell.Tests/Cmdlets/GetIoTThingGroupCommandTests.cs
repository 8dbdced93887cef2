namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Get-IoTThingGroup, Get-IoTThing -ThingGroupName, the group properties of Get-IoTJob, and the binding safety of a
    /// piped ThingGroup: it lists its things through Get-IoTThing and is never read as a thing name or a job id by the
    /// Stop cmdlets (the server's state is checked: nothing canceled).
    /// </summary>
    public sealed class GetIoTThingGroupCommandTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public GetIoTThingGroupCommandTests(EmulatorFixture fx) => _fx = fx;

        private EmulatorStore Store => _fx.Emulator.Store;

        /// <summary>site-T > building-7-T > floor-2-T and site-T > building-8-T, with things; names unique to the test.</summary>
        private (string Tag, string Site, string B7, string Floor, string B8) Fleet()
        {
            var tag = Guid.NewGuid().ToString("N").Substring(0, 6);
            string site = $"site-{tag}", b7 = $"building-7-{tag}", floor = $"floor-2-{tag}", b8 = $"building-8-{tag}";
            Store.SeedThingGroup(new[] { $"b7a-{tag}", $"b7b-{tag}" }, b7, site);
            Store.SeedThingGroup(new[] { $"f2a-{tag}" }, floor, b7);
            Store.SeedThingGroup(new[] { $"b8a-{tag}", $"b8b-{tag}", $"b8c-{tag}" }, b8, site);
            return (tag, site, b7, floor, b8);
        }

        private static IEnumerable<T> Objects<T>(IEnumerable<PSObject> output) => output.Select(o => Assert.IsType<T>(o.BaseObject));

        [Fact]
        public void Describe_by_name_fills_the_hierarchy_and_a_wildcard_describes_each_match_case_sensitively()
        {
            using var s = _fx.Open();
            var f = Fleet();
            Store.CreateThingGroup($"BUILDING-9-{f.Tag}", f.Site); // must not match building-*

            var one = Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup $args[0]", f.Floor)).Single();
            Assert.Equal(f.Floor, one.ThingGroupName);
            Assert.Equal(f.B7, one.ParentGroupName);
            Assert.Equal(new[] { f.Site, f.B7 }, one.RootToParentGroups);
            Assert.Equal($"arn:aws:iot:us-east-1:123456789012:thinggroup/{f.Floor}", one.ThingGroupArn);
            Assert.NotNull(one.ThingGroupId);
            Assert.Equal(1, one.Version);
            Assert.NotNull(one.CreationDate);
            Assert.Equal("us-east-1", one.Region);

            var matches = Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup \"building-*-$($args[0])\"", f.Tag)).ToList();
            Assert.Equal(new[] { f.B7, f.B8 }, matches.Select(g => g.ThingGroupName));
            Assert.All(matches, g => Assert.Equal(f.Site, g.ParentGroupName)); // described, not only listed
            Assert.Empty(s.Errors);
            Assert.Equal(f.Site, Assert.Single(Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup \"arn:aws:iot:us-east-1:123456789012:thinggroup/$($args[0])\"", f.Site))).ThingGroupName);
        }

        [Fact]
        public void List_all_children_or_the_whole_subtree()
        {
            using var s = _fx.Open();
            var f = Fleet();
            var children = Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup -ParentGroupName $args[0] -PageSize 1", f.Site)).ToList();
            Assert.Equal(new[] { f.B7, f.B8 }, children.Select(g => g.ThingGroupName));
            Assert.All(children, g => Assert.Equal(f.Site, g.ParentGroupName)); // known from the request
            var subtree = Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup -ParentGroupName $args[0] -Recursive", f.Site)).Select(g => g.ThingGroupName);
            Assert.Equal(new[] { f.B7, f.B8, f.Floor }, subtree);
            var all = Objects<ThingGroup>(s.Invoke("Get-IoTThingGroup")).Select(g => g.ThingGroupName).ToList();
            Assert.Contains(f.Floor, all);
            Assert.Equal(all.OrderBy(n => n, StringComparer.Ordinal), all);
        }

        [Fact]
        public void Bad_names_unknown_groups_and_a_lone_Recursive_are_clear_errors()
        {
            using var s = _fx.Open();
            Assert.Empty(s.Invoke("Get-IoTThingGroup 'no-such-group', 'bad name!'"));
            Assert.Equal(2, s.Errors.Count);
            Assert.Equal("ThingGroupNotFound,IoTJobs.PowerShell.Cmdlets.GetIoTThingGroupCommand", s.Errors[0].FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, s.Errors[0].CategoryInfo.Category);
            Assert.Contains("no-such-group", s.Errors[0].Exception.Message);
            Assert.Equal("InvalidThingGroupName,IoTJobs.PowerShell.Cmdlets.GetIoTThingGroupCommand", s.Errors[1].FullyQualifiedErrorId);
            Assert.Contains("wildcards", s.Errors[1].Exception.Message);

            var caught = s.Invoke("try { Get-IoTThingGroup -Recursive } catch { $_.FullyQualifiedErrorId }");
            Assert.Equal("RecursiveNeedsParentGroupName,IoTJobs.PowerShell.Cmdlets.GetIoTThingGroupCommand", caught.Single().BaseObject);
            var arn = s.Invoke("try { Get-IoTThingGroup 'arn:aws:iot:us-east-1:123456789012:thing/dev-1' } catch { $_.Exception.Message }");
            Assert.Contains("thing ARN", arn.Single().BaseObject.ToString());
        }

        [Fact]
        public void GetIoTThing_lists_a_group_or_its_subtree_and_a_piped_group_binds_to_ThingGroupName()
        {
            using var s = _fx.Open();
            var f = Fleet();
            Assert.Equal(new[] { $"b7a-{f.Tag}", $"b7b-{f.Tag}" },
                Objects<Thing>(s.Invoke("Get-IoTThing -ThingGroupName $args[0]", f.B7)).Select(t => t.ThingName));
            var subtree = Objects<Thing>(s.Invoke("Get-IoTThing -ThingGroupName $args[0] -Recursive -PageSize 2", f.Site)).ToList();
            Assert.Equal(6, subtree.Count);
            Assert.All(subtree, t => Assert.Equal("us-east-1", t.Region));

            // Get-IoTThingGroup building-* | Get-IoTThing: each group's things, never a thing named like a group.
            var describes = _fx.Emulator.RequestCount("DescribeThing");
            var piped = Objects<Thing>(s.Invoke("Get-IoTThingGroup \"building-*-$($args[0])\" | Get-IoTThing", f.Tag)).Select(t => t.ThingName).ToList();
            Assert.Empty(s.Errors);
            Assert.Equal(new[] { $"b7a-{f.Tag}", $"b7b-{f.Tag}", $"b8a-{f.Tag}", $"b8b-{f.Tag}", $"b8c-{f.Tag}" }, piped);
            Assert.Equal(describes, _fx.Emulator.RequestCount("DescribeThing")); // listed, not described one by one

            // The same through CSV rows (property ThingGroupName) and the group's ARN.
            var csv = Objects<Thing>(s.Invoke("Get-IoTThingGroup $args[0] | ConvertTo-Csv | ConvertFrom-Csv | Get-IoTThing", f.B8)).Count();
            Assert.Equal(3, csv);
            Assert.Single(Objects<Thing>(s.Invoke("Get-IoTThing -ThingGroupName \"arn:aws:iot:us-east-1:123456789012:thinggroup/$($args[0])\"", f.Floor)));

            Assert.Empty(s.Invoke("Get-IoTThing -ThingGroupName no-such-group"));
            Assert.Equal("ThingGroupNotFound,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Empty(s.Invoke("Get-IoTThing -ThingGroupName $args[0] -ThingTypeName sensor", f.B7));
            Assert.Equal("ThingGroupNameWithFilter,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Empty(s.Invoke("Get-IoTThing -Recursive"));
            Assert.Equal("RecursiveNeedsThingGroupName,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void A_thing_piped_to_GetIoTThingGroup_is_refused_not_read_as_a_group_name()
        {
            using var s = _fx.Open();
            var f = Fleet();
            // A thing named exactly like a group: if the Thing were turned into text, the group would be described.
            Store.CreateThing(f.B8);
            long describes = _fx.Emulator.RequestCount("DescribeThingGroup"), lists = _fx.Emulator.RequestCount("ListThingGroups");
            var output = s.Invoke("Get-IoTThing $args[0] | Get-IoTThingGroup", f.B8);
            Assert.Empty(output);
            Assert.Equal(describes, _fx.Emulator.RequestCount("DescribeThingGroup"));
            Assert.Equal(lists, _fx.Emulator.RequestCount("ListThingGroups"));
            var error = Assert.Single(s.Errors);
            Assert.Equal("ParameterArgumentTransformationError,IoTJobs.PowerShell.Cmdlets.GetIoTThingGroupCommand", error.FullyQualifiedErrorId);
            Assert.Contains("A Thing is not a thing group name", error.Exception.Message);
        }

        [Fact]
        public void A_piped_group_cancels_nothing_through_StopIoTJobExecution_or_StopIoTJob()
        {
            using var s = _fx.Open();
            var f = Fleet();
            // A thing and a job named exactly like the group, with QUEUED executions: the worst case for a group turned
            // into text. Neither may be touched.
            Store.CreateThing(f.B7);
            var job = "fw-" + f.Tag;
            Store.Seed(job, new[] { f.B7, $"b7a-{f.Tag}" });
            Store.Seed(f.B7, new[] { $"b8a-{f.Tag}" });
            long cancels = _fx.Emulator.RequestCount("CancelJobExecution"), jobCancels = _fx.Emulator.RequestCount("CancelJob");

            Assert.Empty(s.Invoke("Get-IoTThingGroup $args[0] | Stop-IoTJobExecution -JobId $args[1] -Force -Confirm:$false", f.B7, job));
            var e1 = Assert.Single(s.Errors);
            Assert.Equal("ThingGroupPipedToStopJobExecution,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand", e1.FullyQualifiedErrorId);
            Assert.Contains("Get-IoTThing -ThingGroupName", e1.Exception.Message);
            Assert.IsType<ThingGroup>(e1.TargetObject);

            Assert.Empty(s.Invoke("Get-IoTThingGroup $args[0] | Stop-IoTJob -Force -Confirm:$false", f.B7));
            Assert.Equal("ThingGroupPipedToStopJob,IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);

            // A deserialized group (Clixml, Start-Job) is refused too: PowerShell cannot bind it (it turns into an empty
            // name, which fails validation), and were it bound, the cmdlet would refuse it by its type name.
            Assert.Empty(s.Invoke("$g = Get-IoTThingGroup $args[0]; $x = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($g)); $x | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false", f.B7, job));
            Assert.Contains(Assert.Single(s.Errors).FullyQualifiedErrorId.Split(',')[0], new[] { "ThingGroupPipedToStopJobExecution", "ParameterArgumentValidationError" });

            Assert.Equal(cancels, _fx.Emulator.RequestCount("CancelJobExecution"));
            Assert.Equal(jobCancels, _fx.Emulator.RequestCount("CancelJob"));
            Assert.Equal("QUEUED", Store.DescribeJobExecution(f.B7, job).Status);
            Assert.Equal("QUEUED", Store.DescribeJobExecution($"b7a-{f.Tag}", job).Status);
            Assert.Equal("IN_PROGRESS", Store.DescribeJob(f.B7).Status);
        }

        [Fact]
        public void GetIoTThing_ThingGroupName_piped_to_StopIoTJobExecution_cancels_exactly_that_groups_executions()
        {
            using var s = _fx.Open();
            var f = Fleet();
            var job = "fw-" + f.Tag;
            Store.Seed(job, new[] { $"b7a-{f.Tag}" }, targetThingGroup: f.Site);

            var output = Objects<JobExecution>(s.Invoke("Get-IoTThing -ThingGroupName $args[0] -Recursive | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false", f.B7, job)).ToList();

            Assert.Empty(s.Errors);
            Assert.Equal(3, output.Count); // building-7's two things and floor-2's one
            Assert.All(output, e => Assert.Equal(JobExecutionStatus.CANCELED, e.Status));
            foreach (var t in new[] { $"b7a-{f.Tag}", $"b7b-{f.Tag}", $"f2a-{f.Tag}" }) Assert.Equal("CANCELED", Store.DescribeJobExecution(t, job).Status);
            foreach (var t in new[] { $"b8a-{f.Tag}", $"b8b-{f.Tag}", $"b8c-{f.Tag}" }) Assert.Equal("QUEUED", Store.DescribeJobExecution(t, job).Status);
            Assert.Equal("IN_PROGRESS", Store.DescribeJob(job).Status);
        }

        [Theory]
        [InlineData("Get-IoTThingGroup ")]
        [InlineData("Get-IoTThingGroup -ParentGroupName ")]
        [InlineData("Get-IoTThing -ThingGroupName ")]
        [InlineData("Get-IoTJob -ThingGroupName ")]
        public void ThingGroupName_tab_completes_from_the_service(string command)
        {
            using var s = _fx.Open();
            var f = Fleet();
            ServiceNameCompleter.ClearCache();
            var line = command + "building-";
            var matches = s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
                .Select(o => o.ToString()).Where(m => m.EndsWith(f.Tag, StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { f.B7, f.B8 }, matches);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void GetIoTJob_shows_IsConcurrent_and_the_target_groups()
        {
            using var s = _fx.Open();
            var f = Fleet();
            var job = "fw-" + f.Tag;
            Store.Seed(job, new[] { $"b8a-{f.Tag}" }, targetThingGroup: f.B8, targetSelection: "CONTINUOUS");

            var described = Objects<Job>(s.Invoke("Get-IoTJob -JobId $args[0]", job)).Single();
            Assert.False(described.IsConcurrent);
            Assert.Equal(new[] { f.B8 }, described.TargetThingGroups);
            Assert.Equal(TargetSelection.CONTINUOUS, described.TargetSelection);
            Assert.Equal(3, described.QueuedCount);

            var listed = Objects<Job>(s.Invoke("Get-IoTJob -ThingGroupName $args[0]", f.B8)).Single();
            Assert.Equal(job, listed.JobId);
            Assert.Equal(Store.DescribeThingGroup(f.B8).ThingGroupId, listed.ThingGroupId);
            Assert.False(listed.IsConcurrent);
            Assert.Null(listed.TargetThingGroups); // list summaries carry no targets

            // Properties appear in Format-List *.
            var text = string.Join("\n", s.Invoke("Get-IoTJob -JobId $args[0] | Format-List * | Out-String", job).Select(o => o.ToString()));
            Assert.Contains("IsConcurrent", text);
            Assert.Contains("TargetThingGroups", text);
        }
    }
}
