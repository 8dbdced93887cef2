using System.Management.Automation.Runspaces;
using IoTJobs.PowerShell.Tests.Cmdlets;
using static IoTJobs.PowerShell.Tests.Support.StopTestSupport;

namespace IoTJobs.PowerShell.Tests.Host
{
    /// <summary>
    /// The confirmation rules both Stop cmdlets take from Host/Confirmation.cs and Host/HostPrompt.cs: the module's own
    /// prompt (Yes / Yes to All / No / No to All) whose default is No, so a bare Enter cancels nothing; and a host that
    /// cannot prompt fails the item with ConfirmationRequired. Each cmdlet's whole matrix is in its Confirmation tests.
    /// </summary>
    public sealed class ConfirmationTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public ConfirmationTests(EmulatorFixture fx) => _fx = fx;

        private static long CancelJobs(IoTJobs.Emulator.Hosting.EmulatorHost emulator) => emulator.RequestCount("CancelJob");
        private static string JobState(IoTJobs.Emulator.Hosting.EmulatorHost emulator, string job) => emulator.Store.DescribeJob(job).Status;

        [Fact]
        public void ForceCancelPrompt_DefaultsToNo_AndABareEnterCancelsNothing()
        {
            var host = new AnsweringHost(false, "", "Yes");
            using var s = _fx.Open(host);
            var (job, things) = Seed(_fx.Emulator, 2, 0, 1);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Force", things, job);

            Assert.Equal(2, host.Prompts.Count);
            Assert.All(host.Prompts, p => Assert.Equal("No", p.Default));
            Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All" }, host.Prompts[0].Choices);
            Assert.Equal("IN_PROGRESS", State(_fx.Emulator, things[0], job).Status);
            Assert.Equal(things[1], Single(output).ThingName);
            Assert.Equal("CANCELED", State(_fx.Emulator, things[1], job).Status);
        }

        [Fact]
        public void BareEnter_IsNo_AtTheWholeJobPrompt()
        {
            var host = new AnsweringHost(false, "", "");
            using var s = _fx.Open(host);
            var (job1, _) = StopIoTJobCommandTests.SeedJob(_fx.Emulator, 1);
            var (job2, _) = StopIoTJobCommandTests.SeedJob(_fx.Emulator, 1, 0);
            var before = CancelJobs(_fx.Emulator);

            var output = s.Invoke("Stop-IoTJob -JobId $args[0]; Stop-IoTJob -JobId $args[1] -Force", job1, job2);

            Assert.Equal(2, host.Prompts.Count);
            Assert.All(host.Prompts, p => Assert.Equal("No", p.Default));
            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Equal(0, CancelJobs(_fx.Emulator) - before);
            Assert.Equal("IN_PROGRESS", JobState(_fx.Emulator, job1));
            Assert.Equal("IN_PROGRESS", JobState(_fx.Emulator, job2));
        }

        [Fact]
        public void RunspaceWithoutHost_ConfirmFailsWithConfirmationRequired_AndConfirmFalseWorks()
        {
            using var s = _fx.Open(); // the default host of a bare runspace has no UI to prompt with
            var (job, things) = Seed(_fx.Emulator, 1, 0);
            var input = Exec(things[0], job, JobExecutionStatus.IN_PROGRESS);

            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -Force", input);
            Assert.Empty(output);
            var error = Assert.Single(s.Errors);
            AssertItemError(error, "ConfirmationRequired", ErrorCategory.InvalidOperation, things[0], job);
            Assert.Same(input, error.TargetObject);

            var second = s.Invoke("$args[0] | Stop-IoTJobExecution -Force -Confirm:$false", input);
            Assert.Empty(s.Errors);
            Assert.Equal(JobExecutionStatus.CANCELED, Single(second).Status);
        }

        [Fact]
        public void AHostWithAUserInterface_IsAsked()
        {
            Assert.Null(HostPrompt.WhyCannotPrompt(new AnsweringHost()));
        }

        [Fact]
        public void NoHost_OrTheDefaultHostOfABareRunspace_CannotBeAsked()
        {
            Assert.Equal("there is no host to ask", HostPrompt.WhyCannotPrompt(null));
            using var runspace = RunspaceFactory.CreateRunspace();
            runspace.Open();
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = runspace;
            var host = (System.Management.Automation.Host.PSHost)ps.AddScript("$Host").Invoke().Single().BaseObject;
            Assert.Equal("this PowerShell runspace has no interactive host to ask", HostPrompt.WhyCannotPrompt(host));
        }
    }
}
