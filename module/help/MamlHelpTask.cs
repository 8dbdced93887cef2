// Compiled by MSBuild's RoslynCodeTaskFactory (see Help.targets): turns module/help/*.md into the MAML file Get-Help
// reads. Plain text processing against netstandard only, so the build needs no PowerShell. Format: module/help/README.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class IoTJobsMamlHelp : Task
{
    /// <summary>The per-cmdlet Markdown files (Verb-Noun.md).</summary>
    [Required] public ITaskItem[] CommandFiles { get; set; } = new ITaskItem[0];

    /// <summary>CommonParameters.md: text shared by every cmdlet.</summary>
    [Required] public string CommonParametersFile { get; set; } = "";

    /// <summary>The MAML file to write.</summary>
    [Required] public string OutputFile { get; set; } = "";

    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public override bool Execute()
    {
        var common = ParseFile(CommonParametersFile);
        // The first H2 group of CommonParameters.md goes into every cmdlet; later groups only where a cmdlet names them.
        var everyCmdlet = common.Parameters.Where(p => p.Group == common.FirstParameterGroup).ToList();

        var commands = new List<Doc>();
        foreach (var item in CommandFiles.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
        {
            var doc = ParseFile(item.ItemSpec);
            foreach (var p in doc.Parameters.Where(p => p.IsEmpty).ToList())
            {
                var shared = common.Parameters.FirstOrDefault(c => c.Name == p.Name);
                if (shared == null)
                {
                    Log.LogWarning(null, "IOTHELP1", null, item.ItemSpec, p.Line, 0, 0, 0,
                        "Parameter -{0} has no text, and CommonParameters.md has none to share.", p.Name);
                    continue;
                }
                doc.Parameters[doc.Parameters.IndexOf(p)] = shared;
            }
            foreach (var shared in everyCmdlet)
                if (doc.Parameters.All(p => p.Name != shared.Name)) doc.Parameters.Add(shared);
            Check(doc, item.ItemSpec);
            commands.Add(doc);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile)));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        // Write to a temp file first, so a failed run never leaves a half-written help file behind.
        var temp = OutputFile + ".tmp";
        using (var w = XmlWriter.Create(temp, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("helpItems", "http://msh");
            w.WriteAttributeString("schema", "maml");
            foreach (var doc in commands) WriteCommand(w, doc);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        if (File.Exists(OutputFile)) File.Delete(OutputFile);
        File.Move(temp, OutputFile);
        Log.LogMessage(MessageImportance.Normal, "IoTJobs help: {0} cmdlets -> {1}", commands.Count, OutputFile);
        return !Log.HasLoggedErrors;
    }

    // Structural problems are warnings, not errors: other people add parameters while the help catches up, and the
    // help test (tests/pester/Help.Tests.ps1) is what fails on missing or wrong help.
    private void Check(Doc doc, string file)
    {
        if (string.IsNullOrEmpty(doc.Name)) Log.LogWarning(null, "IOTHELP2", null, file, 1, 0, 0, 0, "No '# Verb-Noun' title.");
        if (doc.Synopsis.Count == 0) Log.LogWarning(null, "IOTHELP3", null, file, 1, 0, 0, 0, "No ## SYNOPSIS text.");
        if (doc.Examples.Count < 3) Log.LogWarning(null, "IOTHELP4", null, file, 1, 0, 0, 0, "{0} example(s); the module's rule is at least three.", doc.Examples.Count);
        foreach (var p in doc.Parameters.Where(p => p.Meta.Count == 0))
            Log.LogWarning(null, "IOTHELP5", null, file, p.Line, 0, 0, 0, "Parameter -{0} has no ```yaml metadata block.", p.Name);
    }

    // ---------------------------------------------------------------- Markdown model

    private sealed class Doc
    {
        public string Name = "";
        public List<string> Synopsis = new List<string>();
        public List<string> Description = new List<string>();
        public List<Example> Examples = new List<Example>();
        public List<Param> Parameters = new List<Param>();
        public List<KeyValuePair<string, List<string>>> Inputs = new List<KeyValuePair<string, List<string>>>();
        public List<KeyValuePair<string, List<string>>> Outputs = new List<KeyValuePair<string, List<string>>>();
        public List<string> Notes = new List<string>();
        public List<KeyValuePair<string, string>> Links = new List<KeyValuePair<string, string>>();
        public string FirstParameterGroup;
    }

    private sealed class Example
    {
        public string Title = "";
        public List<string> Code = new List<string>();
        public List<string> Output = new List<string>();
        public List<string> Remarks = new List<string>();
    }

    private sealed class Param
    {
        public string Name = "";
        public string Group = "";
        public int Line;
        public List<string> Text = new List<string>();
        public Dictionary<string, string> Meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public bool IsEmpty => Text.Count == 0 && Meta.Count == 0;
        public string M(string key, string fallback) => Meta.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
    }

    // A section body: prose lines and fenced blocks, in order.
    private sealed class Block
    {
        public string Fence; // null: a prose line; else the fence's info string ("powershell", "output", "yaml", "")
        public List<string> Lines = new List<string>();
        public int Line;
    }

    private static Doc ParseFile(string path)
    {
        var doc = new Doc();
        var lines = File.ReadAllLines(path);
        string h2 = "", h3 = null;
        int h3Line = 0;
        var body = new List<Block>();

        void Flush()
        {
            Store(doc, h2, h3, h3Line, body);
            body = new List<Block>();
        }

        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```"))
            {
                var block = new Block { Fence = line.Substring(3).Trim(), Line = i + 1 };
                for (i++; i < lines.Length && !lines[i].StartsWith("```"); i++) block.Lines.Add(lines[i]);
                body.Add(block);
                continue;
            }
            if (line.StartsWith("# ")) { Flush(); doc.Name = line.Substring(2).Trim(); h2 = ""; h3 = null; continue; }
            if (line.StartsWith("## ")) { Flush(); h2 = line.Substring(3).Trim().ToUpperInvariant(); h3 = null; continue; }
            if (line.StartsWith("### ")) { Flush(); h3 = line.Substring(4).Trim(); h3Line = i + 1; continue; }
            if (line.StartsWith("<!--")) { while (i < lines.Length && !lines[i].Contains("-->")) i++; continue; }
            body.Add(new Block { Lines = { line }, Line = i + 1 });
        }
        Flush();
        return doc;
    }

    private static void Store(Doc doc, string h2, string h3, int h3Line, List<Block> body)
    {
        var prose = Paragraphs(body.Where(b => b.Fence == null || (b.Fence != "yaml" && b.Fence != "output" && !IsCode(b.Fence))).ToList());
        if (h2.EndsWith("PARAMETERS") && h3 != null && h3.StartsWith("-"))
        {
            if (doc.FirstParameterGroup == null) doc.FirstParameterGroup = h2;
            var p = new Param { Name = h3.Substring(1).Trim(), Group = h2, Line = h3Line, Text = prose };
            foreach (var yaml in body.Where(b => b.Fence == "yaml"))
                foreach (var entry in yaml.Lines)
                {
                    int colon = entry.IndexOf(':');
                    if (colon > 0) p.Meta[entry.Substring(0, colon).Trim()] = entry.Substring(colon + 1).Trim();
                }
            doc.Parameters.Add(p);
            return;
        }
        switch (h2)
        {
            case "SYNOPSIS": if (h3 == null) doc.Synopsis = prose; break;
            case "DESCRIPTION": if (h3 == null) doc.Description.AddRange(prose); else { doc.Description.Add(h3.ToUpperInvariant()); doc.Description.AddRange(prose); } break;
            case "NOTES": if (h3 == null) doc.Notes.AddRange(prose); else { doc.Notes.Add(h3.ToUpperInvariant()); doc.Notes.AddRange(prose); } break;
            case "EXAMPLES":
                if (h3 == null) break;
                var ex = new Example { Title = h3 };
                bool afterOutput = false;
                var remarks = new List<Block>();
                foreach (var b in body)
                {
                    if (b.Fence != null && IsCode(b.Fence) && ex.Output.Count == 0 && !afterOutput) ex.Code.AddRange(b.Lines);
                    else if (b.Fence == "output") { ex.Output.AddRange(b.Lines); afterOutput = true; }
                    else remarks.Add(b);
                }
                ex.Remarks = Paragraphs(remarks);
                doc.Examples.Add(ex);
                break;
            case "INPUTS": if (h3 != null) doc.Inputs.Add(new KeyValuePair<string, List<string>>(h3, prose)); break;
            case "OUTPUTS": if (h3 != null) doc.Outputs.Add(new KeyValuePair<string, List<string>>(h3, prose)); break;
            case "RELATED LINKS":
                foreach (var b in body.Where(b => b.Fence == null))
                {
                    var m = Regex.Match(b.Lines[0], @"^\s*[-*]?\s*\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)");
                    if (!m.Success) continue;
                    var uri = m.Groups["uri"].Value;
                    // Links between the Markdown files are other cmdlets: Get-Help shows their names, no URI.
                    if (!uri.StartsWith("http", StringComparison.OrdinalIgnoreCase)) uri = "";
                    doc.Links.Add(new KeyValuePair<string, string>(m.Groups["text"].Value, uri));
                }
                break;
        }
    }

    private static bool IsCode(string fence) =>
        fence.StartsWith("powershell", StringComparison.OrdinalIgnoreCase) || fence.StartsWith("pwsh", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Blank lines separate paragraphs; wrapped lines join with a space; list items ("- ", "1. ") stay one per line;
    /// fenced blocks stay verbatim, indented, as their own paragraph.
    /// </summary>
    private static List<string> Paragraphs(List<Block> blocks)
    {
        var result = new List<string>();
        var current = new List<string>();
        void End()
        {
            if (current.Count > 0) result.Add(string.Join("\n", current));
            current = new List<string>();
        }
        foreach (var b in blocks)
        {
            if (b.Fence != null)
            {
                End();
                result.Add(string.Join("\n", b.Lines.Select(l => "    " + l)));
                continue;
            }
            var line = b.Lines[0];
            if (line.Trim().Length == 0) { End(); continue; }
            var text = Inline(line.Trim());
            bool listItem = Regex.IsMatch(line, @"^\s*([-*]|\d+\.)\s+");
            if (listItem)
            {
                var indent = line.Length - line.TrimStart().Length;
                current.Add(new string(' ', indent) + Regex.Replace(text, @"^\*\s+", "- "));
            }
            else if (current.Count > 0) current[current.Count - 1] += " " + text;
            else current.Add(text);
        }
        End();
        return result;
    }

    // Markdown inline syntax reads badly in a console: `code` loses its backticks, links become "text (uri)".
    private static string Inline(string text)
    {
        text = Regex.Replace(text, @"\[([^\]]+)\]\((https?://[^)]+)\)", "$1 ($2)");
        text = Regex.Replace(text, @"\[([^\]]+)\]\([^)]*\)", "$1");
        text = Regex.Replace(text, @"`([^`]+)`", "$1");
        text = Regex.Replace(text, @"\*\*([^*]+)\*\*", "$1");
        return text;
    }

    // ---------------------------------------------------------------- MAML

    private static void WriteCommand(XmlWriter w, Doc doc)
    {
        w.WriteStartElement("command", "command", Command);
        w.WriteAttributeString("xmlns", "maml", null, Maml);
        w.WriteAttributeString("xmlns", "dev", null, Dev);

        var dash = doc.Name.IndexOf('-');
        w.WriteStartElement("details", Command);
        w.WriteElementString("name", Command, doc.Name);
        w.WriteElementString("verb", Command, dash > 0 ? doc.Name.Substring(0, dash) : doc.Name);
        w.WriteElementString("noun", Command, dash > 0 ? doc.Name.Substring(dash + 1) : "");
        Paras(w, "description", Maml, doc.Synopsis);
        w.WriteEndElement();

        Paras(w, "description", Maml, doc.Description);

        // One syntax item per parameter set, in the order the sets first appear; "(All)" parameters join every set.
        var sets = doc.Parameters.SelectMany(SetsOf).Where(s => s != "(All)").Distinct().ToList();
        if (sets.Count == 0) sets.Add("(All)");
        w.WriteStartElement("syntax", Command);
        foreach (var set in sets)
        {
            w.WriteStartElement("syntaxItem", Command);
            w.WriteElementString("name", Maml, doc.Name);
            var inSet = doc.Parameters.Where(p => SetsOf(p).Contains("(All)") || SetsOf(p).Contains(set))
                .Select((p, index) => new { p, index })
                .OrderBy(x => int.TryParse(x.p.M("Position", "Named"), out var pos) ? pos : int.MaxValue)
                .ThenBy(x => x.index)
                .Select(x => x.p);
            foreach (var p in inSet) WriteParameter(w, p, inSyntax: true);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("parameters", Command);
        foreach (var p in doc.Parameters) WriteParameter(w, p, inSyntax: false);
        w.WriteEndElement();

        WriteTypes(w, "inputTypes", "inputType", doc.Inputs);
        WriteTypes(w, "returnValues", "returnValue", doc.Outputs);

        w.WriteStartElement("alertSet", Maml);
        w.WriteStartElement("alert", Maml);
        foreach (var para in doc.Notes) w.WriteElementString("para", Maml, Wrap(para, Narrow));
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("examples", Command);
        foreach (var ex in doc.Examples)
        {
            w.WriteStartElement("example", Command);
            // PowerShell's own help frames titles with dashes; a long title goes without, so it fits 80 columns.
            var framed = "---------- " + ex.Title + " ----------";
            w.WriteElementString("title", Maml, framed.Length <= Wide ? framed : ex.Title);
            w.WriteElementString("code", Dev, string.Join("\n", ex.Code.Select((l, i) => (i == 0 ? "PS> " : "    ") + l)));
            w.WriteStartElement("remarks", Dev);
            if (ex.Output.Count > 0) w.WriteElementString("para", Maml, string.Join("\n", ex.Output));
            foreach (var para in ex.Remarks) w.WriteElementString("para", Maml, Wrap(para, Wide));
            // An empty paragraph: a blank line before the next example's title.
            w.WriteElementString("para", Maml, "");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("relatedLinks", Command);
        foreach (var link in doc.Links)
        {
            w.WriteStartElement("navigationLink", Maml);
            w.WriteElementString("linkText", Maml, link.Key);
            w.WriteElementString("uri", Maml, link.Value);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteEndElement();
    }

    private static IEnumerable<string> SetsOf(Param p) =>
        p.M("Parameter Sets", "(All)").Split(',').Select(s => s.Trim()).Where(s => s.Length > 0);

    private static void WriteParameter(XmlWriter w, Param p, bool inSyntax)
    {
        var type = p.M("Type", "Object");
        var isSwitch = type == "SwitchParameter";
        var accepted = p.M("Accepted values", "").Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        var aliases = p.M("Aliases", "None");

        w.WriteStartElement("parameter", Command);
        w.WriteAttributeString("required", p.M("Required", "False").ToLowerInvariant());
        w.WriteAttributeString("variableLength", "true");
        w.WriteAttributeString("globbing", p.M("Accept wildcard characters", "False").ToLowerInvariant());
        w.WriteAttributeString("pipelineInput", p.M("Accept pipeline input", "False"));
        w.WriteAttributeString("position", p.M("Position", "Named").ToLowerInvariant());
        w.WriteAttributeString("aliases", aliases.Equals("None", StringComparison.OrdinalIgnoreCase) ? "none" : aliases);
        w.WriteElementString("name", Maml, p.Name);

        var text = new List<string>(p.Text);
        if (!inSyntax && accepted.Count > 0) text.Add("Accepted values: " + string.Join(", ", accepted));
        Paras(w, "description", Maml, text, Narrow);

        if (accepted.Count > 0)
        {
            w.WriteStartElement("parameterValueGroup", Command);
            foreach (var v in accepted)
            {
                w.WriteStartElement("parameterValue", Command);
                w.WriteAttributeString("required", "false");
                w.WriteAttributeString("command", "variableLength", Command, "false");
                w.WriteString(v);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        if (!isSwitch || !inSyntax)
        {
            w.WriteStartElement("parameterValue", Command);
            w.WriteAttributeString("required", isSwitch ? "false" : "true");
            w.WriteAttributeString("variableLength", "false");
            w.WriteString(type);
            w.WriteEndElement();
        }
        w.WriteStartElement("type", Dev);
        w.WriteElementString("name", Maml, type);
        w.WriteElementString("uri", Maml, "");
        w.WriteEndElement();
        w.WriteElementString("defaultValue", Dev, p.M("Default value", "None"));
        w.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter w, string outer, string inner, List<KeyValuePair<string, List<string>>> types)
    {
        w.WriteStartElement(outer, Command);
        foreach (var t in types)
        {
            w.WriteStartElement(inner, Command);
            w.WriteStartElement("type", Dev);
            w.WriteElementString("name", Maml, t.Key);
            w.WriteEndElement();
            Paras(w, "description", Maml, t.Value, Narrow);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    // Get-Help indents text by 4 (description, synopsis, example remarks) or 8 (parameters, inputs, outputs, notes)
    // and lets the console cut lines anywhere, mid-word included; pre-wrapped text reads well in an 80-column console.
    private const int Wide = 75, Narrow = 71;

    private static void Paras(XmlWriter w, string element, string ns, List<string> paras, int width = Wide)
    {
        w.WriteStartElement(element, ns);
        foreach (var para in paras) w.WriteElementString("para", Maml, Wrap(para, width));
        w.WriteEndElement();
    }

    /// <summary>Word-wraps each line of a paragraph; list items get a hanging indent; verbatim lines (4 spaces) stay.</summary>
    private static string Wrap(string para, int width)
    {
        var result = new List<string>();
        foreach (var line in para.Split('\n'))
        {
            if (line.StartsWith("    ") || line.Length <= width) { result.Add(line); continue; }
            var indent = line.Length - line.TrimStart().Length;
            var bullet = Regex.Match(line, @"^\s*([-*]|\d+\.)\s+");
            var hanging = new string(' ', bullet.Success ? bullet.Length : indent);
            var current = new StringBuilder(new string(' ', indent));
            bool empty = true;
            foreach (var word in line.Trim().Split(' '))
            {
                if (word.Length == 0) continue;
                if (!empty && current.Length + 1 + word.Length > width)
                {
                    result.Add(current.ToString());
                    current = new StringBuilder(hanging);
                    empty = true;
                }
                if (!empty) current.Append(' ');
                current.Append(word);
                empty = false;
            }
            result.Add(current.ToString());
        }
        return string.Join("\n", result);
    }
}
