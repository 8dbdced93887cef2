using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation.Host;
using System.Security;

namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// A PowerShell host for tests: PromptForChoice answers from a scripted queue of labels ("Yes", "Yes to All", "No",
    /// "No to All"; "" is a bare Enter, which takes the prompt's default), Prompt (fields, e.g. an MFA code) from the same
    /// queue, and records every prompt's caption, message, choices (field names for Prompt) and default; host output
    /// ("What if: ..." lines) is
    /// recorded too. In <see cref="CannotPrompt"/> mode every prompt throws the way pwsh -NonInteractive does. A prompt
    /// with no scripted answer left throws as well, so a test that prompts more than expected fails instead of hanging.
    /// </summary>
    public sealed class AnsweringHost : PSHost
    {
        private readonly AnsweringUI _ui;

        public AnsweringHost(bool cannotPrompt = false, params string[] answers)
        {
            _ui = new AnsweringUI(this);
            CannotPrompt = cannotPrompt;
            foreach (var a in answers) Answers.Enqueue(a);
        }

        /// <summary>Scripted answers, consumed one per prompt.</summary>
        public ConcurrentQueue<string> Answers { get; } = new();
        /// <summary>Every prompt shown, in order.</summary>
        public List<PromptRecord> Prompts { get; } = new();
        /// <summary>Everything written to the host (Write/WriteLine), one entry per call.</summary>
        public List<string> Output { get; } = new();
        /// <summary>Warning lines written straight to the host UI (not through the warning stream).</summary>
        public List<string> WarningLines { get; } = new();
        /// <summary>Behave like a host that cannot prompt (a runbook, pwsh -NonInteractive).</summary>
        public bool CannotPrompt { get; set; }

        public override string Name => "AnsweringHost";
        public override Version Version => new(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException("No nested prompts in tests.");
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        public sealed record PromptRecord(string Caption, string Message, IReadOnlyList<string> Choices, string? Answer, string? Default = null);

        private sealed class AnsweringUI : PSHostUserInterface
        {
            private readonly AnsweringHost _host;
            public AnsweringUI(AnsweringHost host) => _host = host;

            public override PSHostRawUserInterface? RawUI => null;

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                var labels = choices.Select(c => c.Label.Replace("&", "")).ToList();
                var defaultLabel = defaultChoice >= 0 && defaultChoice < labels.Count ? labels[defaultChoice] : null;
                lock (_host.Prompts)
                {
                    if (_host.CannotPrompt)
                    {
                        _host.Prompts.Add(new PromptRecord(caption, message, labels, null, defaultLabel));
                        // The same exception type and wording as pwsh -NonInteractive.
                        throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
                    }
                    if (!_host.Answers.TryDequeue(out var answer))
                    {
                        _host.Prompts.Add(new PromptRecord(caption, message, labels, null, defaultLabel));
                        throw new PSInvalidOperationException($"AnsweringHost: unexpected prompt (no scripted answer left): {caption}: {message}");
                    }
                    // A bare Enter takes the default, as the console host does.
                    var index = answer.Length == 0 ? defaultChoice : labels.FindIndex(l => string.Equals(l, answer, StringComparison.OrdinalIgnoreCase));
                    if (index < 0)
                    {
                        throw new PSInvalidOperationException($"AnsweringHost: the prompt offers [{string.Join(", ", labels)}], not '{answer}'.");
                    }
                    _host.Prompts.Add(new PromptRecord(caption, message, labels, answer.Length == 0 ? "(Enter) " + defaultLabel : answer, defaultLabel));
                    return index;
                }
            }

            // Field prompts (an MFA code) take the next scripted answer for every field, recorded like choice prompts.
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
            {
                var names = descriptions.Select(d => d.Name).ToList();
                lock (_host.Prompts)
                {
                    if (_host.CannotPrompt)
                    {
                        _host.Prompts.Add(new PromptRecord(caption, message, names, null));
                        throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
                    }
                    if (!_host.Answers.TryDequeue(out var answer))
                    {
                        _host.Prompts.Add(new PromptRecord(caption, message, names, null));
                        throw new PSInvalidOperationException($"AnsweringHost: unexpected prompt (no scripted answer left): {caption}: {message}");
                    }
                    _host.Prompts.Add(new PromptRecord(caption, message, names, answer));
                    var result = new Dictionary<string, PSObject>();
                    foreach (var d in descriptions)
                    {
                        // A SecureString field gets a SecureString, as the console host gives it.
                        object value = answer;
                        if (d.ParameterTypeFullName == typeof(SecureString).FullName)
                        {
                            var secure = new SecureString();
                            foreach (var c in answer) secure.AppendChar(c);
                            value = secure;
                        }
                        result[d.Name] = PSObject.AsPSObject(value);
                    }
                    return result;
                }
            }

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new PSInvalidOperationException("AnsweringHost: PromptForCredential is not scripted.");

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
                throw new PSInvalidOperationException("AnsweringHost: PromptForCredential is not scripted.");

            public override string ReadLine() => throw new PSInvalidOperationException("AnsweringHost: ReadLine is not scripted.");
            public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("AnsweringHost: ReadLine is not scripted.");

            public override void Write(string value) => Record(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Record(value);
            public override void WriteLine(string value) => Record(value);
            public override void WriteErrorLine(string value) => Record(value);
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message)
            {
                lock (_host.WarningLines) _host.WarningLines.Add(message);
            }

            private void Record(string value)
            {
                lock (_host.Output) _host.Output.Add(value);
            }
        }
    }
}
