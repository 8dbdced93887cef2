using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using IoTJobs.TestSupport;
using Xunit;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// The house rules, checked on the tests themselves (every project under tests/, Pester and the scripts around it):
    /// no file over 500 lines, no doc comment over 12, and C# namespaces that follow folders (tests/README.md).
    /// </summary>
    public sealed class TestLayoutTests
    {
        private static readonly string Tests = Repository.PathOf("tests");

        private static IEnumerable<string> Files(params string[] patterns)
        {
            var sep = Path.DirectorySeparatorChar;
            return patterns.SelectMany(p => Directory.EnumerateFiles(Tests, p, SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{sep}obj{sep}") && !f.Contains($"{sep}bin{sep}"))
                .OrderBy(f => f, StringComparer.Ordinal);
        }

        private static string Relative(string file) => Path.GetRelativePath(Tests, file).Replace('\\', '/');

        [Fact]
        public void NoTestSource_IsOver500Lines_AndNoDocComment_IsOver12()
        {
            var files = Files("*.cs", "*.ps1", "*.psm1", "*.py").ToList();
            Assert.True(files.Count > 100, "the scan must see the tests");
            var problems = new List<string>();
            foreach (var f in files)
            {
                var lines = File.ReadAllLines(f);
                if (lines.Length > 500) problems.Add($"{Relative(f)}: {lines.Length} lines");
                int run = 0;
                for (int i = 0; i <= lines.Length; i++)
                {
                    if (i < lines.Length && lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal)) { run++; continue; }
                    if (run > 12) problems.Add($"{Relative(f)}:{i - run + 1}: a doc comment of {run} lines");
                    run = 0;
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryNamespace_FollowsItsProjectAndFolder()
        {
            var wrong = new List<string>();
            int seen = 0;
            foreach (var f in Files("*.cs"))
            {
                var parts = Relative(f).Split('/');
                if (!parts[0].StartsWith("IoTJobs.", StringComparison.Ordinal)) continue; // the stand-ins are other modules' shapes
                var declared = File.ReadLines(f).Select(l => Regex.Match(l, @"^\s*namespace\s+([\w.]+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                if (declared == null && parts[^1] == "GlobalUsings.cs") continue;
                seen++;
                var expected = string.Join(".", parts.Take(parts.Length - 1));
                if (declared != expected) wrong.Add($"{Relative(f)}: namespace {declared}, folder says {expected}");
            }
            Assert.True(seen > 100, "the scan must see the test projects' sources");
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }
    }
}
