using IoTJobs.TestSupport;
using Xunit.Abstractions;

namespace IoTJobs.Emulator.Tests;

/// <summary>
/// The emulator's source keeps the project's layout rules: no file over 500 lines, no doc comment over 12 lines, and
/// namespaces that follow folders.
/// </summary>
public sealed class SourceLayoutTests(ITestOutputHelper output)
{
    private const int MaxFileLines = SourceRules.MaxFileLines;
    private const int MaxDocCommentLines = SourceRules.MaxDocCommentLines;

    private static string SourceRoot() => Repository.PathOf("src", "IoTJobs.Emulator");

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
    public void Namespaces_follow_folders()
    {
        var files = SourceRules.CSharpFiles(SourceRoot()).ToList();
        Assert.True(files.Count > 60, "the scan must see the emulator's sources");
        var wrong = SourceRules.NamespaceProblems(SourceRoot(), "IoTJobs.Emulator", files);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
