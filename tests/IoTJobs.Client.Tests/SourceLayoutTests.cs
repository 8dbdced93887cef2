using System.Text.RegularExpressions;

namespace IoTJobs.Client.Tests;

/// <summary>The client's house rules, checked on its sources: namespaces follow folders, no file over 500 lines, no doc comment over 12.</summary>
public class SourceLayoutTests
{
    private static string ClientSources() => IoTJobs.TestSupport.Repository.PathOf("src", "IoTJobs.Client");

    private static IEnumerable<string> Files()
    {
        var root = ClientSources();
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}") && !f.Contains($"{sep}bin{sep}"));
    }

    [Fact]
    public void EveryNamespace_FollowsItsFolder()
    {
        var root = ClientSources();
        var wrong = Files().Select(f =>
        {
            var rel = Path.GetRelativePath(root, Path.GetDirectoryName(f)!);
            var expected = "IoTJobs.Client" + (rel == "." ? "" : "." + rel.Replace(Path.DirectorySeparatorChar, '.'));
            var declared = File.ReadLines(f).Select(l => Regex.Match(l, @"^\s*namespace\s+([\w.]+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            return declared == expected ? null : $"{Path.GetRelativePath(root, f)}: namespace {declared}, folder says {expected}";
        }).Where(x => x != null).ToList();
        Assert.True(Files().Count() > 40, "the scan must see the client's sources");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void NoFile_IsOver500Lines_AndNoDocComment_IsOver12()
    {
        var root = ClientSources();
        var problems = new List<string>();
        foreach (var f in Files())
        {
            var lines = File.ReadAllLines(f);
            if (lines.Length > 500) problems.Add($"{Path.GetRelativePath(root, f)}: {lines.Length} lines");
            int run = 0;
            for (int i = 0; i <= lines.Length; i++)
            {
                if (i < lines.Length && lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal)) { run++; continue; }
                if (run > 12) problems.Add($"{Path.GetRelativePath(root, f)}:{i - run + 1}: a doc comment of {run} lines");
                run = 0;
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
