using System.Text.RegularExpressions;
using IoTJobs.TestSupport;
using Xunit.Abstractions;

namespace IoTJobs.Emulator.Tests;

/// <summary>
/// The emulator's source keeps the project's layout rules: no file over 500 lines, no doc comment over 12 lines, and
/// namespaces that follow folders (the public API other projects compile against says so where it keeps the root one).
/// </summary>
public sealed class SourceLayoutTests(ITestOutputHelper output)
{
    private const int MaxFileLines = SourceRules.MaxFileLines;
    private const int MaxDocCommentLines = SourceRules.MaxDocCommentLines;
    private const string PublicApiMark = "// Public API:";

    private static string SourceRoot() => Repository.PathOf("src", "IoTJobs.Emulator");

    private static IEnumerable<(string Relative, string[] Lines)> Sources()
    {
        string root = SourceRoot();
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllLines(Path.Combine(root, p))));
    }

    [Fact]
    public void No_source_file_is_over_500_lines()
    {
        var files = SourceRules.LineCounts(SourceRoot(), SourceRules.CSharpFiles(SourceRoot())).ToList();
        var longest = files.OrderByDescending(f => f.Lines).First();
        output.WriteLine($"{files.Count} files; the longest is {longest.File} with {longest.Lines} lines");
        Assert.Empty(files.Where(f => f.Lines > MaxFileLines).Select(f => $"{f.File}: {f.Lines} lines"));
    }

    [Fact]
    public void No_doc_comment_is_over_12_lines()
    {
        var runs = SourceRules.DocComments(SourceRoot(), SourceRules.CSharpFiles(SourceRoot())).ToList();
        var longest = runs.OrderByDescending(r => r.Lines).First();
        output.WriteLine($"{runs.Count} doc comments; the longest is {longest.Where} with {longest.Lines} lines");
        Assert.Empty(runs.Where(r => r.Lines > MaxDocCommentLines).Select(r => $"{r.Where}: {r.Lines} lines"));
    }

    [Fact]
    public void Namespaces_follow_folders_except_the_marked_public_API()
    {
        var wrong = new List<string>();
        var publicApi = new List<string>();
        foreach (var (file, lines) in Sources())
        {
            int at = Array.FindIndex(lines, l => l.StartsWith("namespace ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{file} declares no namespace");
            string declared = Regex.Match(lines[at], @"^namespace ([\w.]+)").Groups[1].Value;
            string folder = Path.GetDirectoryName(file)!.Replace('/', '.');
            string expected = folder.Length == 0 ? "IoTJobs.Emulator" : "IoTJobs.Emulator." + folder;
            if (declared == expected) continue;
            if (declared == "IoTJobs.Emulator" && at > 0 && lines[at - 1].StartsWith(PublicApiMark, StringComparison.Ordinal)) publicApi.Add(file);
            else wrong.Add($"{file}: namespace {declared}, folder says {expected}");
        }
        output.WriteLine($"public API in the root namespace ({publicApi.Count} files): {string.Join(", ", publicApi)}");
        Assert.Empty(wrong);
    }
}
