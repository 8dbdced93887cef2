using IoTJobs.TestSupport;

namespace IoTJobs.Client.Tests;

/// <summary>The client's house rules, checked on its sources: namespaces follow folders, no file over 500 lines, no doc comment over 12.</summary>
public class SourceLayoutTests
{
    private static string ClientSources() => Repository.PathOf("src", "IoTJobs.Client");

    private static IEnumerable<string> Files() => SourceRules.CSharpFiles(ClientSources());

    [Fact]
    public void EveryNamespace_FollowsItsFolder()
    {
        var wrong = SourceRules.NamespaceProblems(ClientSources(), "IoTJobs.Client", Files());
        Assert.True(Files().Count() > 40, "the scan must see the client's sources");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void NoFile_IsOver500Lines_AndNoDocComment_IsOver12()
    {
        var problems = SourceRules.Problems(ClientSources(), Files());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
