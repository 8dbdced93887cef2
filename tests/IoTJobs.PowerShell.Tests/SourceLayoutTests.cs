namespace IoTJobs.PowerShell.Tests
{
    /// <summary>The cmdlet project's house rules, checked on its sources: namespaces follow folders, no file over 500 lines,
    /// no doc comment over 12.</summary>
    public sealed class SourceLayoutTests
    {
        private static readonly string Sources = Repository.PathOf("src", "IoTJobs.PowerShell");

        [Fact]
        public void EveryNamespace_FollowsItsFolder()
        {
            var files = SourceRules.CSharpFiles(Sources).ToList();
            Assert.True(files.Count > 40, "the scan must see the cmdlet project's sources");
            var wrong = SourceRules.NamespaceProblems(Sources, "IoTJobs.PowerShell", files);
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        [Fact]
        public void NoFile_IsOver500Lines_AndNoDocComment_IsOver12()
        {
            var problems = SourceRules.Problems(Sources, SourceRules.CSharpFiles(Sources));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
