using System.IO;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// The house rules, checked on the tests themselves (every project under tests/, Pester and the scripts around it):
    /// no file over 500 lines, no doc comment over 12, and C# namespaces that follow folders (tests/README.md).
    /// </summary>
    public sealed class TestLayoutTests
    {
        private static readonly string Tests = Repository.PathOf("tests");

        [Fact]
        public void NoTestSource_IsOver500Lines_AndNoDocComment_IsOver12()
        {
            var files = SourceRules.FilesBelow(Tests, "*.cs", "*.ps1", "*.psm1", "*.py").ToList();
            Assert.True(files.Count > 100, "the scan must see the tests");
            var problems = SourceRules.Problems(Tests, files);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryNamespace_FollowsItsProjectAndFolder()
        {
            var wrong = new List<string>();
            int seen = 0;
            foreach (var f in SourceRules.CSharpFiles(Tests))
            {
                var project = SourceRules.Relative(Tests, f).Split('/')[0];
                if (!project.StartsWith("IoTJobs.", StringComparison.Ordinal)) continue; // the stand-ins are other modules' shapes
                var declared = SourceRules.DeclaredNamespace(f);
                if (declared == null && Path.GetFileName(f) == "GlobalUsings.cs") continue;
                seen++;
                var expected = SourceRules.FolderNamespace(Path.Combine(Tests, project), f, project);
                if (declared != expected) wrong.Add($"{SourceRules.Relative(Tests, f)}: namespace {declared}, folder says {expected}");
            }
            Assert.True(seen > 100, "the scan must see the test projects' sources");
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }
    }
}
