namespace IoTJobs.TestSupport;

/// <summary>The house rules on source files (at most 500 lines, doc comments of at most 12), for the layout tests.</summary>
public static class SourceRules
{
    public const int MaxFileLines = 500;
    public const int MaxDocCommentLines = 12;

    /// <summary>Every .cs file below <paramref name="root"/>, build output left out.</summary>
    public static IEnumerable<string> CSharpFiles(string root) => FilesBelow(root, "*.cs");

    /// <summary>Every file below <paramref name="root"/> matching one of the patterns, build output (bin, obj) left out.</summary>
    public static IEnumerable<string> FilesBelow(string root, params string[] patterns)
    {
        var sep = System.IO.Path.DirectorySeparatorChar;
        return patterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{sep}obj{sep}") && !f.Contains($"{sep}bin{sep}"))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>Each file's line count, by its path relative to <paramref name="root"/>.</summary>
    public static IEnumerable<(string File, int Lines)> LineCounts(string root, IEnumerable<string> files) =>
        files.Select(f => (Relative(root, f), File.ReadAllLines(f).Length));

    /// <summary>Every run of /// lines, as "file:line" and its length.</summary>
    public static IEnumerable<(string Where, int Lines)> DocComments(string root, IEnumerable<string> files)
    {
        foreach (var f in files)
        {
            var lines = File.ReadAllLines(f);
            int run = 0;
            for (int i = 0; i <= lines.Length; i++)
            {
                if (i < lines.Length && lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal)) { run++; continue; }
                if (run > 0) yield return ($"{Relative(root, f)}:{i - run + 1}", run);
                run = 0;
            }
        }
    }

    /// <summary>"file: N lines" and "file:line: a doc comment of N lines" for every break of the rules.</summary>
    public static List<string> Problems(string root, IEnumerable<string> files)
    {
        var list = files.ToList();
        return LineCounts(root, list).Where(c => c.Lines > MaxFileLines).Select(c => $"{c.File}: {c.Lines} lines")
            .Concat(DocComments(root, list).Where(d => d.Lines > MaxDocCommentLines).Select(d => $"{d.Where}: a doc comment of {d.Lines} lines"))
            .ToList();
    }

    /// <summary>The first namespace a C# file declares (null when it declares none, as a GlobalUsings.cs).</summary>
    public static string? DeclaredNamespace(string file) =>
        File.ReadLines(file).Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*namespace\s+([\w.]+)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    /// <summary>The namespace a file's folder says: <paramref name="rootNamespace"/>, then one part per folder below <paramref name="root"/>.</summary>
    public static string FolderNamespace(string root, string file, string rootNamespace)
    {
        var folder = System.IO.Path.GetDirectoryName(Relative(root, file))!.Replace('\\', '/');
        return folder.Length == 0 ? rootNamespace : rootNamespace + "." + folder.Replace('/', '.');
    }

    /// <summary>"file: namespace X, folder says Y" for every C# file below <paramref name="root"/> that declares a namespace
    /// its folder does not say (a GlobalUsings.cs declares none and is left out).</summary>
    public static List<string> NamespaceProblems(string root, string rootNamespace, IEnumerable<string> files) =>
        files.Select(f => (File: f, Declared: DeclaredNamespace(f), Expected: FolderNamespace(root, f, rootNamespace)))
            .Where(x => x.Declared != x.Expected && !(x.Declared == null && System.IO.Path.GetFileName(x.File) == "GlobalUsings.cs"))
            .Select(x => $"{Relative(root, x.File)}: namespace {x.Declared ?? "(none)"}, folder says {x.Expected}").ToList();

    public static string Relative(string root, string file) => System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
}
